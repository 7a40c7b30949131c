import { binomialDraw } from './binomial-draw.js';
import { DEFAULT_BOOTSTRAP_REPLICATES, validateBootstrapSize } from './bootstrap.js';
import { createSeededRandom } from './seeded-random.js';
import type { RandomSource } from './seeded-random.js';

/** A sample as its distinct values (ascending) and how many units hold each. */
export interface DistinctValues {
  values: Float64Array;
  counts: Float64Array;
}

/**
 * The distinct values of a sample, or null when there are more than `limit` of them. Scores of
 * pass/fail scorers, and their paired differences, have a handful of distinct values whatever the
 * number of cases.
 */
export function distinctValuesOf(sample: ArrayLike<number>, limit: number): DistinctValues | null {
  const sorted = Float64Array.from(sample).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let index = 0; index < sorted.length; index += 1) {
    const value = sorted[index] as number;
    if (values.length > 0 && values[values.length - 1] === value) {
      counts[counts.length - 1]! += 1;
    } else {
      if (values.length === limit) return null;
      values.push(value);
      counts.push(1);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
}

export interface ResampledMeansByCountsOptions extends DistinctValues {
  /** Defaults to 2000. */
  replicates?: number;
  /** Defaults to a generator seeded with DEFAULT_SEED. */
  random?: RandomSource;
}

/**
 * The bootstrap distribution of a sample mean, drawn through how many times each distinct value is
 * drawn. Resampling n units with replacement draws value k a Multinomial(n, countₖ / n) number of
 * times, so the resampled mean Σ Cₖ·valueₖ / n has exactly the case bootstrap's distribution; the
 * multinomial is drawn as successive conditional binomials (K − 1 binomial draws per replicate
 * instead of n uniform ones). The replicates differ from the per-unit draws of resampledSums (other
 * uniforms, other order of additions) but not in law; same inputs and seed, same replicates.
 * Returns the replicates sorted ascending.
 */
export function resampledMeansByCounts(options: ResampledMeansByCountsOptions): Float64Array {
  const { values, counts } = options;
  let size = 0;
  for (let index = 0; index < counts.length; index += 1) size += counts[index] as number;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const random = options.random ?? createSeededRandom();
  validateBootstrapSize(size, replicates);
  const last = values.length - 1;
  const means = new Float64Array(replicates);
  for (let replicate = 0; replicate < replicates; replicate += 1) {
    let undrawn = size;
    let unitsLeft = size;
    let total = 0;
    for (let index = 0; index < last && undrawn > 0; index += 1) {
      const count = counts[index] as number;
      const drawn = binomialDraw(undrawn, count / unitsLeft, random);
      total += drawn * (values[index] as number);
      undrawn -= drawn;
      unitsLeft -= count;
    }
    if (undrawn > 0) total += undrawn * (values[last] as number);
    means[replicate] = total / size;
  }
  return means.sort();
}
