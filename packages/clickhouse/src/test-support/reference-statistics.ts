/** Independent reference computations for query tests (plain JavaScript, no SQL). */

/** R-7 quantile (linear interpolation between closest ranks, Excel PERCENTILE.INC). */
export function quantileInclusive(values: readonly number[], level: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * level;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const lowerValue = sorted[lower] ?? 0;
  return lowerValue + (position - lower) * ((sorted[upper] ?? 0) - lowerValue);
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
