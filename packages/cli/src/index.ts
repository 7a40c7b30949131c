// The CLI as a library: everything `sextant` does can be done from code.
export { runCli } from './run-cli.js';
export type { RunCliOptions } from './run-cli.js';
export { runEval } from './eval/run-eval.js';
export type { RunEvalOptions, RunEvalResult } from './eval/run-eval.js';
export { runDemo } from './demo/run-demo.js';
export type { RunDemoOptions } from './demo/run-demo.js';
export {
  EXIT_CONFIGURATION_ERROR,
  EXIT_INCOMPLETE,
  EXIT_INCONCLUSIVE,
  EXIT_INTERNAL_ERROR,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_REGRESSED,
} from './exit-codes.js';
export { CliUserError } from './user-error.js';
