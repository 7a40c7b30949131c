/**
 * INSERT of rows we encode ourselves, in a fixed column order, by the fastest path each backend
 * offers:
 * - a server gets one JSONCompactEachRow body through `@clickhouse/client` (insert-json-rows.ts);
 * - the embedded engine gets a `Native` block (native-block.ts) in a temp file, read with
 *   `INSERT … SELECT * FROM file(…, 'Native')`. chDB's Node bindings take INSERT data only as
 *   text (inline in the SQL or through its whitelisted text raw insert), and parsing text was
 *   most of an insert's cost (a Map column most of all); a Native block is read without parsing.
 *   The file is written with our process's permissions and removed once the INSERT settles.
 * Either way the stored values are the same: the SELECT casts the wire types to the table's.
 */
import { open } from 'node:fs/promises';
import { BlockFileDirectory, forgetBlockFile } from './block-file-directory.js';
import { blockFileWriteError } from './block-file-write-error.js';
import { quoteIdentifier } from './identifiers.js';
import { insertJsonRows } from './insert-json-rows.js';
import { encodeNativeBlock, type NativeColumn, type NativeType } from './native-block.js';
import type { SextantClickHouse } from './open-clickhouse.js';

export interface InsertColumn {
  name: string;
  /** How the value travels in a Native block (see native-block.ts). */
  nativeType: NativeType;
}

/** Blocks written without an owner of their own (removed when the process exits). */
const sharedDirectory = new BlockFileDirectory();

export async function insertRows(
  clickhouse: SextantClickHouse,
  options: {
    /** Already qualified and quoted. */
    table: string;
    columns: readonly InsertColumn[];
    rows: ReadonlyArray<readonly unknown[]>;
    /** Query-level settings of this INSERT (our own constants, never user input). */
    settings?: Readonly<Record<string, number>>;
    abortSignal?: AbortSignal;
  },
): Promise<void> {
  if (options.rows.length === 0) return;
  if (!clickhouse.embedded) {
    await insertJsonRows(clickhouse, {
      ...options,
      columns: options.columns.map((column) => column.name),
    });
    return;
  }
  const nativeColumns: NativeColumn[] = options.columns.map((column, index) => ({
    name: `c${String(index)}`,
    type: column.nativeType,
  }));
  await insertNativeBlock(clickhouse, {
    table: options.table,
    columns: options.columns,
    block: encodeNativeBlock(nativeColumns, options.rows),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
  });
}

/**
 * The embedded engine's INSERT of a Native block whose columns are `c0`, `c1`… with the
 * `nativeType`s of `columns`, in order (see native-block.ts, otel-trace-block.ts).
 */
export async function insertNativeBlock(
  clickhouse: SextantClickHouse,
  options: {
    /** Already qualified and quoted. */
    table: string;
    columns: readonly InsertColumn[];
    block: Buffer;
    settings?: Readonly<Record<string, number>>;
    abortSignal?: AbortSignal;
  },
): Promise<void> {
  const { block, ...insert } = options;
  await insertNativeBlockFile(clickhouse, { ...insert, path: await writeNativeBlockFile([block]) });
}

/**
 * Writes a block (given as parts, in order) to a new temp file only our user can read, in
 * `directory` (default: one shared by the process), and returns its path for
 * `insertNativeBlockFile`. Once this resolves the parts may be reused.
 */
export async function writeNativeBlockFile(
  parts: readonly Uint8Array[],
  options: { directory?: BlockFileDirectory } = {},
): Promise<string> {
  const directory = options.directory ?? sharedDirectory;
  try {
    return await writeParts(parts, directory);
  } catch (error) {
    throw blockFileWriteError({
      error,
      directory: directory.location,
      bytes: parts.reduce((sum, part) => sum + part.length, 0),
    });
  }
}

async function writeParts(
  parts: readonly Uint8Array[],
  directory: BlockFileDirectory,
): Promise<string> {
  const path = directory.nextPath();
  let file;
  try {
    file = await open(path, 'w', 0o600);
  } catch (error) {
    forgetBlockFile(path);
    throw error;
  }
  try {
    let rest = parts;
    while (rest.length > 0) {
      const { bytesWritten } = await file.writev(rest);
      rest = afterBytes(rest, bytesWritten);
    }
  } catch (error) {
    await file.close();
    forgetBlockFile(path);
    throw error;
  }
  await file.close();
  return path;
}

/** INSERTs the block file written by `writeNativeBlockFile`, then removes the file. */
export async function insertNativeBlockFile(
  clickhouse: SextantClickHouse,
  options: {
    /** Already qualified and quoted. */
    table: string;
    columns: readonly InsertColumn[];
    path: string;
    /** Query-level settings of this INSERT (our own constants, never user input). */
    settings?: Readonly<Record<string, number>>;
    abortSignal?: AbortSignal;
  },
): Promise<void> {
  const names = options.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const structure = options.columns
    .map((column, index) => `c${String(index)} ${column.nativeType}`)
    .join(', ');
  const settings = Object.entries(options.settings ?? {})
    .map(([name, value]) => `${name} = ${String(value)}`)
    .join(', ');
  try {
    await clickhouse.client.command({
      query:
        `INSERT INTO ${options.table} (${names}) ` +
        (settings === '' ? '' : `SETTINGS ${settings} `) +
        // The explicit structure keeps ClickHouse from matching the block to the table by name.
        `SELECT * FROM file(${quoteString(options.path)}, 'Native', ${quoteString(structure)})`,
      ...(options.abortSignal === undefined ? {} : { abort_signal: options.abortSignal }),
    });
  } finally {
    forgetBlockFile(options.path);
  }
}

/** The parts left after a partial write of `written` bytes. */
function afterBytes(parts: readonly Uint8Array[], written: number): readonly Uint8Array[] {
  let skipped = written;
  let index = 0;
  while (index < parts.length && skipped >= (parts[index]?.length ?? 0)) {
    skipped -= parts[index]?.length ?? 0;
    index += 1;
  }
  if (index === parts.length) return [];
  const first = parts[index] as Uint8Array;
  return [first.subarray(skipped), ...parts.slice(index + 1)];
}

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
