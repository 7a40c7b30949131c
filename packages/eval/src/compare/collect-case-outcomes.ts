import type { EvalResult } from '@sextant/spec';
import type { CaseSnapshot } from './run-comparison.js';

/** Outputs longer than this are cut in comparisons: enough to read a diff, bounded in memory. */
export const OUTPUT_CHARACTER_LIMIT = 2000;

/** What a comparison keeps of one case of one side, across its repeats. */
export interface CaseOutcome {
  samples: number;
  passes: number;
  errors: number;
  scoreSum: number;
  costUsd: number;
  unknownPriceResults: number;
  /** Sum over every result of the case, errors included (for JUnit's time). */
  latencyMsSum: number;
  /** The lowest repeat seen, whose output stands for the case. */
  representativeRepeat: number;
  output: string;
  outputTruncated: boolean;
  /** The lowest repeat that failed or errored, whose reasons stand for the case. */
  failureRepeat: number;
  reasons: string[];
}

export interface SideGroup {
  targetId: string;
  promptId: string;
  model: string;
  cases: Map<string, CaseOutcome>;
  results: number;
  passed: number;
  failed: number;
}

export interface CollectedSide {
  /** Keyed by targetId, then promptId. */
  groups: Map<string, Map<string, SideGroup>>;
  results: number;
  errors: number;
}

/**
 * Reads one side's results once, keeping per case a few numbers and one capped output. The order
 * of the stream does not matter: the representative output is always the lowest repeat's.
 */
export async function collectCaseOutcomes(
  results: AsyncIterable<EvalResult> | Iterable<EvalResult>,
): Promise<CollectedSide> {
  const side: CollectedSide = { groups: new Map(), results: 0, errors: 0 };
  for await (const result of results) {
    side.results += 1;
    if (result.status === 'error') side.errors += 1;
    const group = groupFor(side, result);
    group.results += 1;
    if (result.status === 'ok') {
      if (result.passed) group.passed += 1;
      else group.failed += 1;
    }
    const existing = group.cases.get(result.caseId);
    const outcome = existing ?? emptyOutcome();
    if (result.status === 'error') {
      outcome.errors += 1;
    } else {
      outcome.samples += 1;
      outcome.scoreSum += result.score;
      if (result.passed) outcome.passes += 1;
    }
    outcome.latencyMsSum += result.latencyMs;
    if (result.costUsd === null) outcome.unknownPriceResults += 1;
    else outcome.costUsd += result.costUsd;
    if (existing === undefined || result.repeat < outcome.representativeRepeat) {
      represent(outcome, result);
    }
    if (!result.passed && result.repeat < outcome.failureRepeat) {
      outcome.failureRepeat = result.repeat;
      outcome.reasons = reasonsOf(result);
    }
    group.cases.set(result.caseId, outcome);
  }
  return side;
}

export function snapshotOf(outcome: CaseOutcome): CaseSnapshot {
  return {
    samples: outcome.samples,
    passes: outcome.passes,
    errors: outcome.errors,
    meanScore: outcome.samples === 0 ? null : outcome.scoreSum / outcome.samples,
    output: outcome.output,
    outputTruncated: outcome.outputTruncated,
    reasons: outcome.reasons,
  };
}

function groupFor(side: CollectedSide, result: EvalResult): SideGroup {
  let byPrompt = side.groups.get(result.targetId);
  if (byPrompt === undefined) {
    byPrompt = new Map();
    side.groups.set(result.targetId, byPrompt);
  }
  let group = byPrompt.get(result.promptId);
  if (group === undefined) {
    group = {
      targetId: result.targetId,
      promptId: result.promptId,
      model: result.model,
      cases: new Map(),
      results: 0,
      passed: 0,
      failed: 0,
    };
    byPrompt.set(result.promptId, group);
  }
  return group;
}

function emptyOutcome(): CaseOutcome {
  return {
    samples: 0,
    passes: 0,
    errors: 0,
    scoreSum: 0,
    costUsd: 0,
    unknownPriceResults: 0,
    latencyMsSum: 0,
    representativeRepeat: Number.POSITIVE_INFINITY,
    output: '',
    outputTruncated: false,
    failureRepeat: Number.POSITIVE_INFINITY,
    reasons: [],
  };
}

function represent(outcome: CaseOutcome, result: EvalResult): void {
  outcome.representativeRepeat = result.repeat;
  outcome.outputTruncated = result.output.length > OUTPUT_CHARACTER_LIMIT;
  // A V8 slice keeps the whole parent string alive; the byte round-trip makes an independent copy
  // (and turns a surrogate pair cut in half into U+FFFD).
  outcome.output = outcome.outputTruncated
    ? Buffer.from(result.output.slice(0, OUTPUT_CHARACTER_LIMIT), 'utf8').toString('utf8')
    : result.output;
}

function reasonsOf(result: EvalResult): string[] {
  return result.status === 'error'
    ? [`${result.errorType ?? 'error'}: ${result.errorMessage ?? 'no message'}`]
    : result.scores
        .filter((score) => !score.passed)
        .map((score) => `${score.name}: ${score.reason}`);
}
