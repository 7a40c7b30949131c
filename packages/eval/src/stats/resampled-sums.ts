import {
  bootstrapReplicates,
  DEFAULT_BOOTSTRAP_REPLICATES,
  validateBootstrapSize,
} from './bootstrap.js';
import { StatisticsInputError } from './interval.js';
import { createSeededRandom } from './seeded-random.js';
import type { RandomSource } from './seeded-random.js';

export interface ResampledSumsOptions {
  /** One to four columns of per-unit values, all of the same length (the units). */
  columns: readonly ArrayLike<number>[];
  /** The statistic of one resample from the column sums over it (`sums[c]` for `columns[c]`). */
  statistic: (sums: Float64Array) => number;
  /** Defaults to 2000. */
  replicates?: number;
  /** Defaults to a generator seeded with DEFAULT_SEED. */
  random?: RandomSource;
}

/**
 * The bootstrap (bootstrapReplicates) of a statistic that depends on the resample only through
 * sums of per-unit columns (a mean, a difference of means, a ratio of sums). The columns are
 * interleaved so that one random access fetches every column of a drawn unit, and each width has
 * its own monomorphic loop; the additions run in draw order, so the replicates are those of a
 * statistic summing each column over `indices`, bit for bit. Sorted ascending, NaN ones left out.
 */
export function resampledSums(options: ResampledSumsOptions): Float64Array {
  const { columns, statistic } = options;
  const width = columns.length;
  const size = columns[0]?.length ?? 0;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const random = options.random ?? createSeededRandom();
  validateBootstrapSize(size, replicates);
  if (width < 1 || width > 4 || columns.some((column) => column.length !== size)) {
    throw new StatisticsInputError(
      `resampled sums need 1 to 4 columns of one length (got lengths ${columns.map((column) => column.length).join(', ')})`,
    );
  }
  // Widths 1, 2 and 4 each get their own loop (3 is padded with a zero column): one loop for
  // every width would add zeros to unused sums and quadruple the bytes a draw touches.
  const stride = width === 3 ? 4 : width;
  const rows = new Float64Array(size * stride);
  for (let unit = 0; unit < size; unit += 1) {
    for (let column = 0; column < width; column += 1) {
      rows[unit * stride + column] = columns[column]![unit] as number;
    }
  }
  const accumulate = stride === 1 ? sumsOfOne : stride === 2 ? sumsOfTwo : sumsOfFour;
  const sums = new Float64Array(4);
  return bootstrapReplicates({
    sampleSize: size,
    statistic: (indices) => {
      accumulate(rows, indices, sums);
      return statistic(sums);
    },
    replicates,
    random,
  });
}

type Accumulate = (rows: Float64Array, indices: Uint32Array, sums: Float64Array) => void;

const sumsOfOne: Accumulate = (rows, indices, sums) => {
  let first = 0;
  for (let position = 0; position < indices.length; position += 1) {
    first += rows[indices[position] as number] as number;
  }
  sums[0] = first;
};

const sumsOfTwo: Accumulate = (rows, indices, sums) => {
  let first = 0;
  let second = 0;
  for (let position = 0; position < indices.length; position += 1) {
    const row = (indices[position] as number) * 2;
    first += rows[row] as number;
    second += rows[row + 1] as number;
  }
  sums[0] = first;
  sums[1] = second;
};

const sumsOfFour: Accumulate = (rows, indices, sums) => {
  let first = 0;
  let second = 0;
  let third = 0;
  let fourth = 0;
  for (let position = 0; position < indices.length; position += 1) {
    const row = (indices[position] as number) * 4;
    first += rows[row] as number;
    second += rows[row + 1] as number;
    third += rows[row + 2] as number;
    fourth += rows[row + 3] as number;
  }
  sums[0] = first;
  sums[1] = second;
  sums[2] = third;
  sums[3] = fourth;
};
