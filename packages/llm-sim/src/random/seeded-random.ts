import { hashString } from './hash-string.js';

/** A source of uniform numbers in [0, 1); the simulator never calls Math.random. */
export type RandomSource = () => number;

/**
 * A small deterministic generator (mulberry32) started from a list of parts, e.g.
 * `[seed, requestKey, attempt, 'fault']`. The same parts always give the same sequence.
 */
export function createSeededRandom(parts: readonly (string | number)[]): RandomSource {
  let state = hashString(parts.join('\u0000')) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A log-normal draw fitted to a median and a 95th percentile: mu = ln(median),
 * sigma = ln(p95 / median) / 1.645. A median of 0 always gives 0 (no delay, no tokens).
 */
export function sampleLogNormal(options: {
  median: number;
  p95: number;
  random: RandomSource;
}): number {
  const { median, p95, random } = options;
  if (median <= 0) return 0;
  const sigma = p95 > median ? Math.log(p95 / median) / 1.6448536269514722 : 0;
  if (sigma === 0) return median;
  // Box-Muller; 1 - random() keeps the logarithm's argument in (0, 1].
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(Math.log(median) + sigma * normal);
}
