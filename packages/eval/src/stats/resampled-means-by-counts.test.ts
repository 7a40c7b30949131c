import { describe, expect, it } from 'vitest';
import { percentileInterval } from './bootstrap.js';
import { pairedBootstrapMeanDifference } from './paired-bootstrap.js';
import { distinctValuesOf, resampledMeansByCounts } from './resampled-means-by-counts.js';
import { resampledSums } from './resampled-sums.js';
import { createSeededRandom } from './seeded-random.js';

function moments(replicates: Float64Array) {
  let total = 0;
  for (const value of replicates) total += value;
  const mean = total / replicates.length;
  let squares = 0;
  for (const value of replicates) squares += (value - mean) ** 2;
  return { mean, variance: squares / (replicates.length - 1) };
}

describe('distinctValuesOf', () => {
  it('counts each distinct value in ascending order and gives up beyond the limit', () => {
    expect(distinctValuesOf([1, -1, 0, 1, 1, 0], 3)).toEqual({
      values: Float64Array.from([-1, 0, 1]),
      counts: Float64Array.from([1, 2, 3]),
    });
    expect(distinctValuesOf([1, -1, 0, 1, 1, 0], 2)).toBeNull();
  });
});

describe('resampledMeansByCounts', () => {
  // Paired differences of pass/fail scores: 3,000 cases, 6% newly failing, 3% newly passing.
  const differences = Float64Array.from({ length: 3000 }, (_, index) =>
    index % 100 < 6 ? -1 : index % 100 < 9 ? 1 : 0,
  );
  const distinct = distinctValuesOf(differences, 10)!;
  const replicates = 4000;
  const byCounts = resampledMeansByCounts({
    ...distinct,
    replicates,
    random: createSeededRandom(3),
  });
  const byUnits = resampledSums({
    columns: [differences],
    statistic: (sums) => sums[0]! / differences.length,
    replicates,
    random: createSeededRandom(4),
  });

  it('has the case bootstrap moments: the sample mean, and the sample variance ÷ n', () => {
    const sampleMean = -0.03;
    const sampleVariance = 0.09 - sampleMean ** 2;
    const { mean, variance } = moments(byCounts);
    // Standard error of the replicate mean: √(variance / B) ≈ 0.00009.
    expect(Math.abs(mean - sampleMean)).toBeLessThan(0.0004);
    // The replicate variance's relative standard error is √(2 / B) ≈ 2.2%: 8% is 3.5 of them.
    expect(Math.abs(variance / (sampleVariance / differences.length) - 1)).toBeLessThan(0.08);
    expect(Math.abs(moments(byUnits).variance / variance - 1)).toBeLessThan(0.12);
  });

  it('gives the per-unit bootstrap interval within Monte Carlo error', () => {
    const counted = percentileInterval(byCounts, 0.95);
    const drawn = percentileInterval(byUnits, 0.95);
    // Bootstrap standard deviation ≈ 0.0054; a 2.5% quantile from 4,000 replicates wobbles by
    // about a tenth of that.
    expect(Math.abs(counted.lower - drawn.lower)).toBeLessThan(0.0015);
    expect(Math.abs(counted.upper - drawn.upper)).toBeLessThan(0.0015);
    expect(counted.upper).toBeLessThan(-0.015);
  });

  it('is reproducible and is what the paired bootstrap uses for few distinct differences', () => {
    const again = resampledMeansByCounts({
      ...distinct,
      replicates,
      random: createSeededRandom(3),
    });
    expect(Array.from(again)).toEqual(Array.from(byCounts));
    const baseline = new Float64Array(differences.length).fill(1);
    const candidate = baseline.map((value, index) => value + differences[index]!);
    const paired = pairedBootstrapMeanDifference({
      baseline,
      candidate,
      margin: 0,
      replicates,
      random: createSeededRandom(3),
    });
    expect(paired.interval).toEqual(percentileInterval(byCounts, 0.95));
  });
});
