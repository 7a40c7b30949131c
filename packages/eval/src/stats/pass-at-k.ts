import { assertCount, StatisticsInputError } from './interval.js';

export interface PassAtKOptions {
  /** Samples drawn for the case (its non-error repeats), n. */
  samples: number;
  /** Samples that passed, c. */
  correct: number;
  k: number;
}

/**
 * pass@k: the probability that at least one of k samples drawn without replacement from the n
 * passes. Unbiased estimator 1 − C(n−c, k) / C(n, k) (Chen et al. 2021, "Evaluating Large Language
 * Models Trained on Code"), computed as a running product to avoid huge binomials.
 */
export function passAtK(options: PassAtKOptions): number {
  const { samples, correct, k } = validated(options);
  if (samples - correct < k) return 1;
  let allFail = 1;
  for (let index = samples - correct + 1; index <= samples; index += 1) allFail *= 1 - k / index;
  return 1 - allFail;
}

/**
 * pass^k: the probability that all k samples drawn without replacement from the n pass, a measure
 * of consistency (Yao et al. 2024, τ-bench). Unbiased estimator C(c, k) / C(n, k).
 */
export function passHatK(options: PassAtKOptions): number {
  const { samples, correct, k } = validated(options);
  if (correct < k) return 0;
  let allPass = 1;
  for (let index = 0; index < k; index += 1) allPass *= (correct - index) / (samples - index);
  return allPass;
}

function validated(options: PassAtKOptions): PassAtKOptions {
  assertCount('samples', options.samples);
  assertCount('correct', options.correct);
  assertCount('k', options.k);
  if (options.k < 1 || options.k > options.samples || options.correct > options.samples) {
    throw new StatisticsInputError(
      `pass@k needs 1 <= k <= samples and correct <= samples (k ${options.k}, samples ${options.samples}, correct ${options.correct})`,
    );
  }
  return options;
}
