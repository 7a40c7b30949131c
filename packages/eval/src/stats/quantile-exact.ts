/**
 * Percentiles with ClickHouse's `quantileExact` definition, so a report computed here and a query
 * over the results table give the same p50/p95: sort the n values and take the element at 0-based
 * index ⌊level·n⌋ (the last one for level 1). No interpolation: the value is always an observed
 * one, and for an even count the median is the upper of the two middle values.
 */
export function quantilesExact(
  values: ArrayLike<number>,
  levels: readonly number[],
): (number | null)[] {
  if (values.length === 0) return levels.map(() => null);
  const sorted = Float64Array.from(values).sort();
  return levels.map((level) => sorted[indexForLevel(level, sorted.length)] as number);
}

export function quantileExact(values: ArrayLike<number>, level: number): number | null {
  return quantilesExact(values, [level])[0] ?? null;
}

function indexForLevel(level: number, count: number): number {
  if (!(level >= 0 && level <= 1)) {
    throw new RangeError(`quantile level must be in [0, 1] (got ${level})`);
  }
  return level < 1 ? Math.floor(level * count) : count - 1;
}
