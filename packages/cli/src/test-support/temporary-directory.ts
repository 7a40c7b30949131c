import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory per test (its own embedded ClickHouse lives in it), removed afterwards. */
export async function temporaryDirectory(
  prefix: string,
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `sextant-cli-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
