import { StatisticsInputError } from './interval.js';

export interface HolmBonferroniOptions {
  pValues: readonly number[];
  /** Family-wise error rate; defaults to 0.05. */
  alpha?: number;
}

export interface HolmBonferroniResult {
  /** Holm-adjusted p-values, in the input order; compare each with alpha. */
  adjustedPValues: number[];
  /** Whether each hypothesis is rejected at the family-wise level alpha, in the input order. */
  rejected: boolean[];
}

/**
 * Holm's step-down procedure (Holm 1979): controls the family-wise error rate at alpha for any
 * dependence between the tests, and is uniformly more powerful than plain Bonferroni. Adjusted
 * p-values follow the usual definition, p̃(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)) on the
 * sorted p-values, so that rejecting when p̃ ≤ alpha is the step-down procedure.
 */
export function holmBonferroni(options: HolmBonferroniOptions): HolmBonferroniResult {
  const { pValues } = options;
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) {
    throw new StatisticsInputError(`alpha must be strictly between 0 and 1 (got ${alpha})`);
  }
  for (const [index, value] of pValues.entries()) {
    if (!(value >= 0 && value <= 1)) {
      throw new StatisticsInputError(`p-value #${index} must be in [0, 1] (got ${value})`);
    }
  }
  const count = pValues.length;
  const order = pValues.map((_, index) => index).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjustedPValues = new Array<number>(count).fill(1);
  let running = 0;
  for (const [rank, index] of order.entries()) {
    running = Math.max(running, Math.min(1, (count - rank) * pValues[index]!));
    adjustedPValues[index] = running;
  }
  return { adjustedPValues, rejected: adjustedPValues.map((value) => value <= alpha) };
}
