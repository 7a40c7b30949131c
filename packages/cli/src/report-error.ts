/**
 * Turns an error into one message on stderr and an exit code. Errors the user can fix (typed
 * errors of our packages, recognised by name so this module imports none of them) print their
 * message only and exit 2; anything else is an internal error (exit 5), whose stack is printed
 * only with SEXTANT_DEBUG=1.
 */
import { EXIT_CONFIGURATION_ERROR, EXIT_INTERNAL_ERROR } from './exit-codes.js';

const USER_ERRORS = new Set([
  'CliUserError',
  'SuiteError',
  'RunError',
  'ResultsFileError',
  'SextantClickHouseError',
  'CatalogError',
  'YError',
]);

export interface ReportErrorOptions {
  error: unknown;
  stderr: NodeJS.WritableStream;
  environment?: Readonly<Record<string, string | undefined>>;
}

export function reportError(options: ReportErrorOptions): number {
  const { error, stderr } = options;
  const environment = options.environment ?? process.env;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (USER_ERRORS.has(name)) {
    stderr.write(`sextant: ${message.trimEnd()}\n`);
    return EXIT_CONFIGURATION_ERROR;
  }
  const debug = environment['SEXTANT_DEBUG'] === '1';
  stderr.write(
    `sextant: internal error: ${message.trimEnd()}\n` +
      (debug && error instanceof Error && error.stack !== undefined
        ? `${error.stack}\n`
        : 'This is a bug in sextant, not in your suite. Run again with SEXTANT_DEBUG=1 for the stack trace and report it.\n'),
  );
  return EXIT_INTERNAL_ERROR;
}
