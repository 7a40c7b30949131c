import type { Verdict } from '@sextant/eval';
import { EXIT_INCOMPLETE, EXIT_INCONCLUSIVE, EXIT_OK, EXIT_REGRESSED } from '../exit-codes.js';

/** Over several suites: incomplete, then regressed, then inconclusive, then pass (as one comparison decides). */
export function mostSevereExitCode(verdicts: readonly (Verdict | null)[]): number {
  const states = new Set(verdicts.map((verdict) => verdict?.state ?? 'none'));
  if (states.has('incomplete')) return EXIT_INCOMPLETE;
  if (states.has('regressed')) return EXIT_REGRESSED;
  if (states.has('inconclusive')) return EXIT_INCONCLUSIVE;
  return EXIT_OK;
}
