import { binomialCdf } from './distributions.js';
import { assertCount } from './interval.js';

export type McNemarAlternative = 'two-sided' | 'candidate-worse';

export interface McNemarExactTestOptions {
  /** Pairs that passed in the baseline and failed in the candidate. */
  baselineOnly: number;
  /** Pairs that failed in the baseline and passed in the candidate. */
  candidateOnly: number;
  /** `two-sided` (any difference) or `candidate-worse` (one-sided). Defaults to two-sided. */
  alternative?: McNemarAlternative;
}

export interface McNemarExactTestResult {
  discordant: number;
  pValue: number;
  alternative: McNemarAlternative;
}

/**
 * Exact McNemar test: conditional on the number of discordant pairs m, the count of
 * baseline-only passes is Binomial(m, 1/2) when both sides have the same pass rate. Concordant
 * pairs carry no information about the difference and are ignored. The two-sided p-value doubles
 * the smaller tail (capped at 1), as in R's `binom.test` for p = 1/2 and `mcnemar.exact`.
 */
export function mcnemarExactTest(options: McNemarExactTestOptions): McNemarExactTestResult {
  const { baselineOnly, candidateOnly } = options;
  const alternative = options.alternative ?? 'two-sided';
  assertCount('baselineOnly', baselineOnly);
  assertCount('candidateOnly', candidateOnly);
  const discordant = baselineOnly + candidateOnly;
  if (discordant === 0) return { discordant, pValue: 1, alternative };
  if (alternative === 'candidate-worse') {
    // P(X >= baselineOnly) under X ~ Binomial(m, 1/2).
    const pValue = baselineOnly === 0 ? 1 : 1 - binomialCdf(baselineOnly - 1, discordant, 0.5);
    return { discordant, pValue: clampProbability(pValue), alternative };
  }
  const smaller = Math.min(baselineOnly, candidateOnly);
  const pValue = Math.min(1, 2 * binomialCdf(smaller, discordant, 0.5));
  return { discordant, pValue: clampProbability(pValue), alternative };
}

export function clampProbability(value: number): number {
  return Math.min(1, Math.max(0, value));
}
