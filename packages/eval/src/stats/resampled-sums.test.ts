import { describe, expect, it } from 'vitest';
import { bootstrapReplicates } from './bootstrap.js';
import { StatisticsInputError } from './interval.js';
import { resampledSums } from './resampled-sums.js';
import { createSeededRandom } from './seeded-random.js';

/** The reference: draw the indices first, then sum each column over them. */
function indexedReplicates(columns: Float64Array[], statistic: (sums: Float64Array) => number) {
  return bootstrapReplicates({
    sampleSize: columns[0]!.length,
    replicates: 300,
    random: createSeededRandom(5),
    statistic: (indices) => {
      const sums = new Float64Array(4);
      for (const [column, values] of columns.entries()) {
        let total = 0;
        for (let position = 0; position < indices.length; position += 1)
          total += values[indices[position]!]!;
        sums[column] = total;
      }
      return statistic(sums);
    },
  });
}

describe('resampledSums', () => {
  const random = createSeededRandom(3);
  const columnOf = (size: number) => Float64Array.from({ length: size }, () => random() - 0.3);

  it.each([1, 2, 3, 4])(
    'gives the indexed bootstrap replicates bit for bit with %i columns',
    (width) => {
      const columns = Array.from({ length: width }, () => columnOf(257));
      // A statistic that uses every column and is undefined (NaN) for some resamples.
      const statistic = (sums: Float64Array) => {
        const total = sums.subarray(0, width).reduce((sum, value) => sum + value, 0);
        // The first column's sum is about 257 × 0.2: roughly half the resamples are undefined.
        return sums[0]! > 257 * 0.2 ? Number.NaN : total / (sums[0]! + 1000);
      };
      const fused = resampledSums({
        columns,
        statistic,
        replicates: 300,
        random: createSeededRandom(5),
      });
      const reference = indexedReplicates(columns, statistic);
      expect(fused.length).toBeLessThan(300);
      expect(fused.length).toBeGreaterThan(0);
      expect(Array.from(fused)).toEqual(Array.from(reference));
    },
  );

  it('rejects columns of different lengths and an empty sample', () => {
    const statistic = (sums: Float64Array) => sums[0]!;
    expect(() => resampledSums({ columns: [columnOf(3), columnOf(4)], statistic })).toThrowError(
      StatisticsInputError,
    );
    expect(() => resampledSums({ columns: [new Float64Array(0)], statistic })).toThrowError(
      StatisticsInputError,
    );
  });
});
