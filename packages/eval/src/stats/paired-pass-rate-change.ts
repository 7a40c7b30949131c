import { binomialCdf } from './distributions.js';
import { assertConfidence, assertCount, StatisticsInputError } from './interval.js';
import type { Interval } from './interval.js';
import { clampProbability } from './mcnemar-exact-test.js';

export interface PairedPassRateChangeOptions {
  /** All pairs, concordant and discordant. */
  pairs: number;
  baselineOnly: number;
  candidateOnly: number;
  /** Non-inferiority margin as a fraction (0.02 = 2 points); the change may drop by this much. */
  margin: number;
  /** Defaults to 0.95. */
  confidence?: number;
}

export interface PairedPassRateChange {
  /** Candidate pass rate minus baseline pass rate over the pairs. */
  change: number;
  interval: Interval;
  /**
   * One-sided p-value for "the candidate is worse by more than the margin". Dual to the interval:
   * it is below (1 - confidence) / 2 exactly when the interval's upper bound is below -margin.
   */
  nonInferiorityPValue: number;
}

/**
 * The change in pass rate between two paired runs, with an exact conditional interval.
 *
 * Method: conditional on the m discordant pairs, the number of baseline-only passes b is
 * Binomial(m, θ) and the change is Δ = (m / n)(1 − 2θ). A Clopper–Pearson interval for θ maps to an
 * interval for Δ. The non-inferiority test of H0: Δ ≤ −margin is the exact binomial test of
 * θ ≥ θ0 = (1 + margin·n/m) / 2 (with margin 0 it is the one-sided exact McNemar test). When
 * θ0 ≥ 1 no drop beyond the margin is possible with so few discordant pairs, and p = 1.
 * Conditioning on m treats the discordance as fixed; with m = 0 the interval is [0, 0], which is
 * why the gate separately asks whether the sample could detect a drop at all (minimum detectable
 * effect).
 */
export function pairedPassRateChange(options: PairedPassRateChangeOptions): PairedPassRateChange {
  const { pairs, baselineOnly, candidateOnly, margin } = options;
  const confidence = options.confidence ?? 0.95;
  assertConfidence(confidence);
  assertCount('pairs', pairs);
  assertCount('baselineOnly', baselineOnly);
  assertCount('candidateOnly', candidateOnly);
  const discordant = baselineOnly + candidateOnly;
  if (pairs === 0 || discordant > pairs) {
    throw new StatisticsInputError(
      `need at least one pair and no more discordant pairs than pairs (pairs ${pairs}, discordant ${discordant})`,
    );
  }
  if (!(margin >= 0)) throw new StatisticsInputError(`margin must be >= 0 (got ${margin})`);
  const change = (candidateOnly - baselineOnly) / pairs;
  if (discordant === 0) {
    return { change, interval: { lower: 0, upper: 0, confidence }, nonInferiorityPValue: 1 };
  }
  const tail = (1 - confidence) / 2;
  const thetaLower = clopperPearsonLower(baselineOnly, discordant, tail);
  const thetaUpper = clopperPearsonUpper(baselineOnly, discordant, tail);
  const scale = discordant / pairs;
  const thetaNull = (1 + (margin * pairs) / discordant) / 2;
  const nonInferiorityPValue =
    thetaNull >= 1 || baselineOnly === 0
      ? 1
      : clampProbability(1 - binomialCdf(baselineOnly - 1, discordant, thetaNull));
  return {
    change,
    interval: {
      lower: scale * (1 - 2 * thetaUpper),
      upper: scale * (1 - 2 * thetaLower),
      confidence,
    },
    nonInferiorityPValue,
  };
}

/** θ at which P(X ≥ x | m, θ) = tail; 0 when x = 0. */
function clopperPearsonLower(successes: number, trials: number, tail: number): number {
  if (successes === 0) return 0;
  return bisect((theta) => 1 - binomialCdf(successes - 1, trials, theta) - tail);
}

/** θ at which P(X ≤ x | m, θ) = tail; 1 when x = m. */
function clopperPearsonUpper(successes: number, trials: number, tail: number): number {
  if (successes === trials) return 1;
  return bisect((theta) => tail - binomialCdf(successes, trials, theta));
}

/** Root of an increasing function on [0, 1]. 60 halvings reach double precision. */
function bisect(increasing: (theta: number) => number): number {
  let low = 0;
  let high = 1;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if (increasing(middle) < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
