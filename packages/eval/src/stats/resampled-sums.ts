import { DEFAULT_BOOTSTRAP_REPLICATES, validateBootstrapSize } from './bootstrap.js';
import { StatisticsInputError } from './interval.js';
import { createSeededRandom, drawIndices } from './seeded-random.js';
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
 * The bootstrap of a statistic that depends on the resample only through sums of per-unit columns
 * (a mean, a difference of means, a ratio of sums). Same draws, same order of additions and so the
 * same replicates, bit for bit, as bootstrapReplicates with a statistic summing over `indices`,
 * with the indices drawn in bulk (drawIndices) and the columns interleaved so that one random
 * access fetches every column of the unit. Returns the
 * replicates sorted ascending, NaN ones left out.
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
  const indices = new Uint32Array(size);
  const sums = new Float64Array(4);
  const values = new Float64Array(replicates);
  let kept = 0;
  for (let replicate = 0; replicate < replicates; replicate += 1) {
    drawIndices(random, indices, size);
    accumulate(rows, indices, sums);
    const value = statistic(sums);
    if (!Number.isNaN(value)) {
      values[kept] = value;
      kept += 1;
    }
  }
  return values.subarray(0, kept).sort();
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
