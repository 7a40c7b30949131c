import { percentileInterval } from './bootstrap.js';
import { StatisticsInputError } from './interval.js';
import type { Interval } from './interval.js';
import { resampledSums } from './resampled-sums.js';
import type { RandomSource } from './seeded-random.js';

export interface BootstrapSettings {
  /** Defaults to 0.95. */
  confidence?: number;
  /** Defaults to 2000. */
  replicates?: number;
  random?: RandomSource;
}

export interface BootstrapEstimate {
  estimate: number;
  interval: Interval;
}

/** Percentile bootstrap interval for a mean. */
export function bootstrapMean(
  options: BootstrapSettings & { values: ArrayLike<number> },
): BootstrapEstimate {
  const { values } = options;
  const size = values.length;
  const sorted = resampledSums({
    columns: [values],
    statistic: (sums) => (sums[0] as number) / size,
    ...settingsOf(options),
  });
  return {
    estimate: sum(values) / size,
    interval: percentileInterval(sorted, confidenceOf(options)),
  };
}

export interface RatioUnits {
  /** Per unit, e.g. the spend of one case (all its repeats). */
  numerators: ArrayLike<number>;
  /** Per unit, e.g. the passed results of one case. */
  denominators: ArrayLike<number>;
}

/**
 * Percentile bootstrap interval for a ratio of sums, Σ numerator ÷ Σ denominator, resampling units
 * (so that numerator and denominator of one case travel together). Cost per successful task is
 * this ratio with spend over passes. A resample with a zero denominator gives +∞ (no success at
 * all), so the upper bound can be +∞: the data cannot bound the ratio.
 */
export function bootstrapRatio(options: BootstrapSettings & RatioUnits): BootstrapEstimate {
  const { numerators, denominators } = options;
  assertSameLength(numerators, denominators);
  const sorted = resampledSums({
    columns: [numerators, denominators],
    statistic: (sums) => ratioOfSums(sums[0] as number, sums[1] as number),
    ...settingsOf(options),
  });
  const denominator = sum(denominators);
  return {
    estimate: denominator === 0 ? Number.POSITIVE_INFINITY : sum(numerators) / denominator,
    interval: percentileInterval(sorted, confidenceOf(options)),
  };
}

/** Σ numerator ÷ Σ denominator: +∞ with no denominator, undefined (NaN) when both are zero. */
export function ratioOfSums(top: number, bottom: number): number {
  if (bottom === 0) return top === 0 ? Number.NaN : Number.POSITIVE_INFINITY;
  return top / bottom;
}

export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let index = 0; index < values.length; index += 1) total += values[index] as number;
  return total;
}

export function assertSameLength(first: ArrayLike<number>, second: ArrayLike<number>): void {
  if (first.length !== second.length || first.length === 0) {
    throw new StatisticsInputError(
      `paired inputs need the same, non-zero length (got ${first.length} and ${second.length})`,
    );
  }
}

export function settingsOf(options: BootstrapSettings): {
  replicates?: number;
  random?: RandomSource;
} {
  return {
    ...(options.replicates === undefined ? {} : { replicates: options.replicates }),
    ...(options.random === undefined ? {} : { random: options.random }),
  };
}

export function confidenceOf(options: BootstrapSettings): number {
  return options.confidence ?? 0.95;
}
