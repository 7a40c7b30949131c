/**
 * The scorer types a suite may name. The runner and loader only ever look types up here, so a
 * program can add its own with `createScorerRegistry({ scorers: [...] })`.
 */
import { containsAllScorer } from './contains-all-scorer.js';
import { containsAnyScorer } from './contains-any-scorer.js';
import { containsScorer } from './contains-scorer.js';
import { costScorer } from './cost-scorer.js';
import { equalsScorer } from './equals-scorer.js';
import { icontainsScorer } from './icontains-scorer.js';
import { javascriptScorer } from './javascript-scorer.js';
import { jsonPathEqualsScorer } from './json-path-equals-scorer.js';
import { jsonSchemaScorer } from './json-schema-scorer.js';
import { jsonValidScorer } from './json-valid-scorer.js';
import { labelScorer } from './label-scorer.js';
import { latencyScorer } from './latency-scorer.js';
import { lengthScorer } from './length-scorer.js';
import { llmJudgeScorer } from './llm-judge-scorer.js';
import { numericScorer } from './numeric-scorer.js';
import { refusalScorer } from './refusal-scorer.js';
import { regexScorer } from './regex-scorer.js';
import { scorerCommonKeys } from '../suite/suite-schema.js';
import type { ScorerType } from './scorer.js';
import { similarityScorer } from './similarity-scorer.js';
import { startsWithScorer } from './starts-with-scorer.js';
import { toolCallScorer } from './tool-call-scorer.js';

export const builtInScorers: readonly ScorerType[] = [
  equalsScorer,
  containsScorer,
  icontainsScorer,
  containsAnyScorer,
  containsAllScorer,
  startsWithScorer,
  regexScorer,
  jsonValidScorer,
  jsonSchemaScorer,
  jsonPathEqualsScorer,
  numericScorer,
  similarityScorer,
  labelScorer,
  refusalScorer,
  lengthScorer,
  toolCallScorer,
  latencyScorer,
  costScorer,
  javascriptScorer,
  llmJudgeScorer,
];

export function createScorerRegistry(
  options: { scorers?: readonly ScorerType[] } = {},
): ReadonlyMap<string, ScorerType> {
  const registry = new Map<string, ScorerType>();
  for (const scorer of [...builtInScorers, ...(options.scorers ?? [])]) {
    // An option named like a common key would be taken by the suite and never reach the scorer.
    const properties = Object.keys((scorer.optionsSchema.properties as object | undefined) ?? {});
    const clash = properties.find((key) => (scorerCommonKeys as readonly string[]).includes(key));
    if (clash !== undefined) {
      throw new TypeError(
        `scorer type ${scorer.type}: option "${clash}" clashes with a common scorer key`,
      );
    }
    registry.set(scorer.type, scorer);
  }
  return registry;
}

export const defaultScorerRegistry: ReadonlyMap<string, ScorerType> = createScorerRegistry();
