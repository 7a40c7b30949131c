/**
 * Temp files that hold Native blocks for the embedded engine's INSERTs (`file(…, 'Native')`).
 * They carry span and result data, prompts included, so none may outlive the process:
 * - each owner (a result store, a span exporter, or insert-rows.ts for one-off blocks) has its own
 *   directory `<parent>/sextant-blocks-<pid>-XXXXXX` (0700, files 0600), made on the first write,
 *   made again if a tmp cleaner removed it, and removed by `remove()` (close / shutdown);
 * - every file not yet removed is listed per process, and one `exit` listener (installed once,
 *   whatever the number of owners) removes them and every directory still open, synchronously. It
 *   runs on a normal end and on `process.exit()`; SIGKILL, a crash of the engine or a signal with
 *   no handler skip it, so
 * - the first directory made under a parent removes the `sextant-blocks-<pid>-*` directories there
 *   whose process is no longer alive.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'sextant-blocks-';
const liveFiles = new Set<string>();
const liveDirectories = new Set<string>();
const sweptParents = new Set<string>();
let exitListenerInstalled = false;

export class BlockFileDirectory {
  readonly #parent: string | undefined;
  #path: string | undefined;
  #counter = 0;

  /** `parent` defaults to `os.tmpdir()`, read when the directory is first made. */
  constructor(options: { parent?: string | undefined } = {}) {
    this.#parent = options.parent;
  }

  /** A new file name in this owner's directory (made, or made again, if absent). */
  nextPath(): string {
    // One stat per block: a tmp cleaner (systemd-tmpfiles, tmpreaper) may have removed the
    // directory of a long-lived process, and every later INSERT would fail without it.
    if (this.#path !== undefined && !existsSync(this.#path)) {
      mkdirSync(this.#path, { recursive: true, mode: 0o700 });
    }
    this.#counter += 1;
    const path = join(this.#directory(), `${String(this.#counter)}.native`);
    liveFiles.add(path);
    return path;
  }

  /** The directory, or (before it is made) the parent it will be made in. */
  get location(): string {
    return this.#path ?? this.#parent ?? tmpdir();
  }

  /** Removes the directory and the files left in it (call once no INSERT reads them). */
  remove(): void {
    if (this.#path === undefined) return;
    rmSync(this.#path, { recursive: true, force: true });
    liveDirectories.delete(this.#path);
    const prefix = `${this.#path}/`;
    for (const file of liveFiles) if (file.startsWith(prefix)) liveFiles.delete(file);
    this.#path = undefined;
  }

  #directory(): string {
    if (this.#path !== undefined) return this.#path;
    installExitListener();
    const parent = this.#parent ?? tmpdir();
    if (!sweptParents.has(parent)) {
      sweptParents.add(parent);
      sweepDeadProcesses(parent);
    }
    this.#path = mkdtempSync(join(parent, `${PREFIX}${String(process.pid)}-`));
    liveDirectories.add(this.#path);
    return this.#path;
  }
}

/** Removes one block file (its INSERT has settled) and forgets it. */
export function forgetBlockFile(path: string): void {
  rmSync(path, { force: true });
  liveFiles.delete(path);
}

/** The `exit` listener: removes every block file and directory of this process still on disk. */
export function removeLiveBlockFiles(): void {
  for (const file of liveFiles) rmSync(file, { force: true });
  liveFiles.clear();
  for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true });
  liveDirectories.clear();
}

function installExitListener(): void {
  if (exitListenerInstalled) return;
  exitListenerInstalled = true;
  process.once('exit', removeLiveBlockFiles);
}

function sweepDeadProcesses(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^sextant-blocks-(\d+)-/.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    // Another process may sweep the same directory at the same time; losing that race is fine.
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
