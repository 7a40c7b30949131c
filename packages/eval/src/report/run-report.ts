import type { EvalRun } from '@sextant/spec';
import type { Interval } from '../stats/interval.js';

/**
 * The report of one run: what people read after `sextant eval` and what the reporters render.
 * Units are in the field names (Usd, Ms, Tokens); rates are fractions in [0, 1].
 */
export interface RunReport {
  run: EvalRun;
  groups: GroupReport[];
  frontiers: CostQualityFrontier[];
  totals: {
    results: number;
    errors: number;
    /** Null when some result's price is unknown. */
    targetSpendUsd: number | null;
    judgeSpendUsd: number | null;
  };
  /** The seed of the bootstrap intervals, to reproduce them. */
  seed: number;
}

/** One suite × prompt version × target. */
export interface GroupReport {
  suite: string;
  promptId: string;
  targetId: string;
  model: string;
  provider: string;
  /** Distinct case ids. */
  cases: number;
  /** Result rows (cases × repeats). */
  results: number;
  passed: number;
  /** Quality failures: the call answered and the scorers said no. */
  failed: number;
  /** Calls that failed (transport, timeout, 429, content filter); apart from quality. */
  errors: number;
  /** passed ÷ (passed + failed); null when every result is an error. */
  passRate: number | null;
  passRateInterval: Interval | null;
  /** Mean case score over non-error results. */
  meanScore: number | null;
  /** Over non-error results not served from the cache. */
  latencyMs: { p50: number | null; p95: number | null; samples: number };
  timeToFirstChunkMs: { p50: number | null; samples: number };
  tokens: { input: number; output: number; cachedInput: number; reasoning: number };
  spend: {
    /** All target spend (every result, errors and retries included); null when a price is unknown. */
    targetUsd: number | null;
    /** Results whose price was unknown. */
    unknownPriceResults: number;
    /** Judge spend, apart from the target's; null when no result was judged at a known price. */
    judgeUsd: number | null;
  };
  costPerSuccess: CostPerSuccess;
  /** Present when some case ran more than once. */
  repeats: RepeatStatistics | null;
}

export type CostPerSuccess =
  { usd: number; interval: Interval; reason: null } | { usd: null; interval: null; reason: string };

export interface RepeatStatistics {
  /** The largest number of non-error samples of any case. */
  maxSamples: number;
  /** For k = 1…maxSamples: mean estimator over the cases with at least k non-error samples. */
  passAtK: KEstimate[];
  passHatK: KEstimate[];
  /** Case ids that passed in some repeats and failed in others, sorted. */
  flakyCaseIds: string[];
}

export interface KEstimate {
  k: number;
  value: number;
  cases: number;
}

/** Per suite × prompt: the targets that no other target beats on both pass rate and cost per success. */
export interface CostQualityFrontier {
  suite: string;
  promptId: string;
  frontier: string[];
  dominated: { targetId: string; dominatedBy: string[] }[];
  excluded: { targetId: string; reason: string }[];
}
