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

/** Directories made for a test file's tests, removed together in its afterAll. */
export function temporaryDirectories(): {
  create(prefix: string): Promise<string>;
  removeAll(): Promise<void>;
} {
  const made: Awaited<ReturnType<typeof temporaryDirectory>>[] = [];
  return {
    async create(prefix) {
      const directory = await temporaryDirectory(prefix);
      made.push(directory);
      return directory.path;
    },
    removeAll: () => Promise.all(made.map((directory) => directory.remove())).then(() => undefined),
  };
}
