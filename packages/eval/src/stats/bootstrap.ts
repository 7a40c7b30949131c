import { assertConfidence, StatisticsInputError } from './interval.js';
import type { Interval } from './interval.js';
import { createSeededRandom, drawIndices } from './seeded-random.js';
import type { RandomSource } from './seeded-random.js';

export const DEFAULT_BOOTSTRAP_REPLICATES = 2000;

export interface BootstrapReplicatesOptions {
  /** Number of units to resample (cases, usually). */
  sampleSize: number;
  /** The statistic of one resample: `indices` holds `sampleSize` unit indices drawn with replacement. */
  statistic: (indices: Uint32Array) => number;
  /** Defaults to 2000. */
  replicates?: number;
  /** Defaults to a generator seeded with DEFAULT_SEED, so results are reproducible. */
  random?: RandomSource;
}

/**
 * Nonparametric bootstrap: draws `replicates` resamples of the units with replacement and returns
 * the statistic of each, sorted ascending, NaN replicates (statistic undefined for that resample)
 * left out. One index buffer is reused, so memory stays at one resample whatever `replicates` is.
 */
export function bootstrapReplicates(options: BootstrapReplicatesOptions): Float64Array {
  const { sampleSize, statistic } = options;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const random = options.random ?? createSeededRandom();
  validateBootstrapSize(sampleSize, replicates);
  const indices = new Uint32Array(sampleSize);
  const values = new Float64Array(replicates);
  let kept = 0;
  for (let replicate = 0; replicate < replicates; replicate += 1) {
    drawIndices(random, indices, sampleSize);
    const value = statistic(indices);
    if (!Number.isNaN(value)) {
      values[kept] = value;
      kept += 1;
    }
  }
  return values.subarray(0, kept).sort();
}

export function validateBootstrapSize(sampleSize: number, replicates: number): void {
  if (!Number.isInteger(sampleSize) || sampleSize < 1) {
    throw new StatisticsInputError(`the bootstrap needs at least one unit (got ${sampleSize})`);
  }
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new StatisticsInputError(`replicates must be a positive integer (got ${replicates})`);
  }
}

/**
 * Percentile interval from sorted replicates: the (1 − c)/2 and (1 + c)/2 sample quantiles with
 * linear interpolation between order statistics (Hyndman–Fan type 7, R's default).
 */
export function percentileInterval(sortedReplicates: Float64Array, confidence: number): Interval {
  assertConfidence(confidence);
  if (sortedReplicates.length === 0) {
    throw new StatisticsInputError('no bootstrap replicate had a defined statistic');
  }
  const tail = (1 - confidence) / 2;
  return {
    lower: interpolatedQuantile(sortedReplicates, tail),
    upper: interpolatedQuantile(sortedReplicates, 1 - tail),
    confidence,
  };
}

export function interpolatedQuantile(sorted: Float64Array, level: number): number {
  const position = (sorted.length - 1) * level;
  const below = Math.floor(position);
  const lowerValue = sorted[below] as number;
  const upperValue = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  if (lowerValue === upperValue || position === below) return lowerValue;
  return lowerValue + (upperValue - lowerValue) * (position - below);
}
