/** A two-sided confidence interval. Bounds may be infinite (an unbounded ratio, say). */
export interface Interval {
  lower: number;
  upper: number;
  /** The coverage the interval was built for, e.g. 0.95. */
  confidence: number;
}

export class StatisticsInputError extends Error {
  override readonly name = 'StatisticsInputError';
}

export function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new StatisticsInputError(
      `confidence must be strictly between 0 and 1 (got ${confidence}); use 0.95 for a 95% interval`,
    );
  }
}

export function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new StatisticsInputError(`${name} must be a non-negative integer (got ${value})`);
  }
}
