import { normalQuantile } from './distributions.js';
import { assertConfidence, assertCount, StatisticsInputError } from './interval.js';
import type { Interval } from './interval.js';

export interface WilsonIntervalOptions {
  successes: number;
  total: number;
  /** Defaults to 0.95. */
  confidence?: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3). Unlike
 * the Wald interval it stays inside [0, 1] and keeps near-nominal coverage at small n and at
 * proportions close to 0 or 1, which is where eval pass rates live.
 */
export function wilsonInterval(options: WilsonIntervalOptions): Interval {
  const { successes, total } = options;
  const confidence = options.confidence ?? 0.95;
  assertConfidence(confidence);
  assertCount('successes', successes);
  assertCount('total', total);
  if (total === 0) {
    throw new StatisticsInputError('a Wilson interval needs at least one trial (total is 0)');
  }
  if (successes > total) {
    throw new StatisticsInputError(`successes (${successes}) exceed total (${total})`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2, 0, 1);
  const proportion = successes / total;
  const zSquared = z * z;
  const denominator = 1 + zSquared / total;
  const centre = (proportion + zSquared / (2 * total)) / denominator;
  const halfWidth =
    (z / denominator) *
    Math.sqrt((proportion * (1 - proportion)) / total + zSquared / (4 * total * total));
  return {
    // At 0 (or all) successes the bound is exactly 0 (or 1); the formula leaves rounding noise.
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === total ? 1 : Math.min(1, centre + halfWidth),
    confidence,
  };
}
