/**
 * Writes a Native block (given as parts, in order) to a new temp file only our user can read, in
 * the calling turn, in `directory` (block-file-directory.ts), and returns its path for
 * `insertNativeBlockFile` (which removes it). The
 * result store uses it so an INSERT can start from inside `writeResults` even when the caller
 * keeps the event loop busy: an asynchronous write would wait for a later turn, and with it the
 * INSERT. The cost is bounded by the batch: one `writev` of the block into the page cache
 * (measured in bench/clickhouse/RESULTS.md: ~10 ms for a 100,000-row, 35 MB block, well under a
 * millisecond for the few hundred rows a runner writes at a time). Once this returns the parts may
 * be reused.
 */
import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import { forgetBlockFile, type BlockFileDirectory } from './block-file-directory.js';
import { blockFileWriteError } from './block-file-write-error.js';

export function writeNativeBlockFileSync(
  parts: readonly Uint8Array[],
  options: { directory: BlockFileDirectory },
): string {
  try {
    return writeParts(parts, options.directory);
  } catch (error) {
    throw blockFileWriteError({
      error,
      directory: options.directory.location,
      bytes: parts.reduce((sum, part) => sum + part.length, 0),
    });
  }
}

function writeParts(parts: readonly Uint8Array[], directory: BlockFileDirectory): string {
  const path = directory.nextPath();
  let descriptor: number;
  try {
    descriptor = openSync(path, 'w', 0o600);
  } catch (error) {
    forgetBlockFile(path);
    throw error;
  }
  try {
    // One system call for the whole block; the rare short write goes on part by part.
    let skipped = writevSync(descriptor, parts as Uint8Array[]);
    for (const part of parts) {
      if (skipped >= part.length) {
        skipped -= part.length;
        continue;
      }
      for (let offset = skipped; offset < part.length;) {
        offset += writeSync(descriptor, part, offset, part.length - offset);
      }
      skipped = 0;
    }
  } catch (error) {
    closeSync(descriptor);
    forgetBlockFile(path);
    throw error;
  }
  closeSync(descriptor);
  return path;
}
