/**
 * Runs a case's scorers and combines them: negation first (1 − score, pass flipped), then the
 * weighted mean; the case passes when every required scorer passes and the mean meets the
 * threshold (or, without a threshold, when every scorer passes). A scorer that throws fails
 * with its message; a scorer that could not judge (its model call failed) makes the case an error.
 */
import type { ScorerOutcome } from '@sextant/spec';
import { clampScore } from '../scorers/scorer.js';
import type { JudgeUsage, PreparedScorer, ScoreInput } from '../scorers/scorer.js';
import type { ScorerDefinition } from '../suite/suite-definition.js';

export interface ActiveScorer {
  definition: ScorerDefinition;
  prepared: PreparedScorer;
  /** Its type says it calls no model and runs no user code (`ScorerType.pure`). */
  pure?: boolean;
}

export interface CaseScore {
  scores: ScorerOutcome[];
  score: number;
  passed: boolean;
  judge: JudgeUsage | null;
  error: { type: string; message: string } | null;
}

export async function scoreCase(options: {
  scorers: readonly ActiveScorer[];
  input: ScoreInput;
  threshold: number | null;
}): Promise<CaseScore> {
  const scores: ScorerOutcome[] = [];
  let judge: JudgeUsage | null = null;
  let error: CaseScore['error'] = null;
  let weighted = 0;
  let totalWeight = 0;
  let allPassed = true;
  let requiredPassed = true;
  for (const { definition, prepared } of options.scorers) {
    let score: number;
    let passed: boolean;
    let reason: string;
    try {
      const scored = prepared.score(options.input);
      // Most scorers answer at once; awaiting a plain value would still cost a promise turn.
      const result = isPromiseLike(scored) ? await scored : scored;
      score = clampScore(result.score);
      passed = result.passed;
      reason = result.reason;
      if (result.judge !== undefined) judge = addJudge(judge, result.judge);
      if (result.error !== undefined) error ??= result.error;
    } catch (thrown) {
      score = 0;
      passed = false;
      reason = `scorer failed: ${(thrown as Error).message ?? String(thrown)}`;
    }
    if (definition.negate) {
      score = 1 - score;
      passed = !passed;
      reason = `not: ${reason}`;
    }
    scores.push({
      name: definition.name,
      type: definition.type,
      score,
      passed,
      reason,
      weight: definition.weight,
      required: definition.required,
    });
    weighted += score * definition.weight;
    totalWeight += definition.weight;
    allPassed &&= passed;
    if (definition.required) requiredPassed &&= passed;
  }
  const score = totalWeight === 0 ? 0 : weighted / totalWeight;
  const meets = options.threshold === null ? allPassed : score >= options.threshold - 1e-12;
  return { scores, score, passed: error === null && requiredPassed && meets, judge, error };
}

function addJudge(total: JudgeUsage | null, usage: JudgeUsage): JudgeUsage {
  if (total === null) return { ...usage };
  return {
    inputTokens: total.inputTokens + usage.inputTokens,
    outputTokens: total.outputTokens + usage.outputTokens,
    costUsd:
      total.costUsd === null || usage.costUsd === null ? null : total.costUsd + usage.costUsd,
  };
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
