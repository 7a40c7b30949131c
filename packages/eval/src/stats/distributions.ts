/**
 * The two @stdlib distribution functions the statistics use, loaded on first call. Only run
 * comparison and reporting need them, yet a static import loads them into every process that
 * imports `@sextant/eval`: about 3.5 MB of live heap (module source and code) and 20 MB of RSS,
 * which V8 then multiplies by its heap growing factor (up to 4) when it sizes the old space of a
 * `runSuite` process. The packages are CommonJS, so loading them on demand stays synchronous.
 */
import { createRequire } from 'node:module';
import type binomialCdfFunction from '@stdlib/stats-base-dists-binomial-cdf';
import type normalQuantileFunction from '@stdlib/stats-base-dists-normal-quantile';

const require = createRequire(import.meta.url);
let binomial: typeof binomialCdfFunction | undefined;
let normal: typeof normalQuantileFunction | undefined;

/** P(X ≤ x) for X ~ Binomial(trials, probability). */
export function binomialCdf(x: number, trials: number, probability: number): number {
  binomial ??= require('@stdlib/stats-base-dists-binomial-cdf') as typeof binomialCdfFunction;
  return binomial(x, trials, probability);
}

/** The p-quantile of Normal(mean, deviation). */
export function normalQuantile(p: number, mean: number, deviation: number): number {
  normal ??= require('@stdlib/stats-base-dists-normal-quantile') as typeof normalQuantileFunction;
  return normal(p, mean, deviation);
}
