/**
 * What a failed write of a block file becomes. A full disk (ENOSPC) or an exhausted quota
 * (EDQUOT) is the user's to fix, so it becomes a typed `disk-full` error whose message names the
 * directory and what to do (the CLI prints a typed error's message only, never a stack). The file
 * is removed by the caller, and nothing is kept from the failed batch, so the next batch is written
 * as usual once space returns. Any other error is returned unchanged.
 */
import { SextantClickHouseError } from './clickhouse-errors.js';

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export function blockFileWriteError(options: {
  error: unknown;
  /** Where the block file was being written (its owner's block-file directory). */
  directory: string;
  /** Size of the block, in bytes. */
  bytes: number;
}): unknown {
  const code = (options.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !FULL_CODES.has(code)) return options.error;
  const megabytes = (options.bytes / 1_048_576).toFixed(1);
  return new SextantClickHouseError({
    code: 'disk-full',
    message:
      `No space left (${code}) to write a ${megabytes} MB block file for the embedded ClickHouse in ` +
      `${options.directory}; this batch was not stored. Free space on that file system, or set ` +
      'the `temporaryDirectory` option (of the span exporter or the result store) to a directory ' +
      'with room: block files last only until their INSERT ends, and later batches are written ' +
      'as usual once there is space.',
    cause: options.error,
  });
}
