/**
 * Exit codes of every `sextant` command, documented in the CLI README. The gate's codes match
 * `EXIT_CODES` of `@sextant/eval` (pass 0, regressed 1, configuration error 2, inconclusive 3,
 * incomplete 4); they are repeated here so that `--help` and the error path never load the eval
 * package. `run-cli.test.ts` checks that both tables agree.
 */
export const EXIT_OK = 0;
export const EXIT_REGRESSED = 1;
export const EXIT_CONFIGURATION_ERROR = 2;
export const EXIT_INCONCLUSIVE = 3;
export const EXIT_INCOMPLETE = 4;
/** A failure that is not the user's to fix (a bug, a crash of the engine). */
export const EXIT_INTERNAL_ERROR = 5;
/** Interrupted with Ctrl-C (SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;
