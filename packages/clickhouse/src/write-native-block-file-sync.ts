/**
 * Writes a Native block (given as parts, in order) to a new temp file only our user can read, in
 * the calling turn, and returns its path for `insertNativeBlockFile` (which removes it). The
 * result store uses it so an INSERT can start from inside `writeResults` even when the caller
 * keeps the event loop busy: an asynchronous write would wait for a later turn, and with it the
 * INSERT. The cost is bounded by the batch: one `writev` of the block into the page cache
 * (measured in bench/clickhouse/RESULTS.md: ~10 ms for a 100,000-row, 35 MB block, well under a
 * millisecond for the few hundred rows a runner writes at a time). Once this returns the parts may
 * be reused.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let directory: string | undefined;
let counter = 0;

export function writeNativeBlockFileSync(parts: readonly Uint8Array[]): string {
  directory ??= mkdtempSync(join(tmpdir(), 'sextant-results-'));
  counter += 1;
  const path = join(directory, `${String(counter)}.native`);
  const descriptor = openSync(path, 'w', 0o600);
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
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(descriptor);
  return path;
}
