import type { GateVerdict } from '@sextant/spec';

/**
 * Process exit codes of the gate, one per outcome so CI can tell them apart:
 * - 0 `pass`: no regression, and the comparison had enough cases to see one.
 * - 1 `regressed`: a metric is worse beyond its margin (or below the pass-rate floor).
 * - 2 `configError`: the suite, the options or a baseline file is invalid; nothing was judged.
 * - 3 `inconclusive`: no regression found, but too few cases to detect one of a useful size.
 * - 4 `incomplete`: a run did not complete well enough to be judged (error rate over the cap,
 *   stopped by the budget, failed).
 */
export const EXIT_CODES = {
  pass: 0,
  regressed: 1,
  configError: 2,
  inconclusive: 3,
  incomplete: 4,
} as const;

export type ExitCodeName = keyof typeof EXIT_CODES;

/** `none` (nothing gated) exits 0, like a pass. */
export function exitCodeForVerdict(verdict: GateVerdict): number {
  return verdict === 'none' ? EXIT_CODES.pass : EXIT_CODES[verdict];
}
