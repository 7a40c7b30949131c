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
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdentifier } from './identifiers.js';
import { insertJsonRows } from './insert-json-rows.js';
import { encodeNativeBlock, type NativeColumn, type NativeType } from './native-block.js';
import type { SextantClickHouse } from './open-clickhouse.js';

export interface InsertColumn {
  name: string;
  /** How the value travels in a Native block (see native-block.ts). */
  nativeType: NativeType;
}

let insertDirectory: string | undefined;
let insertCounter = 0;

export async function insertRows(
  clickhouse: SextantClickHouse,
  options: {
    /** Already qualified and quoted. */
    table: string;
    columns: readonly InsertColumn[];
    rows: ReadonlyArray<readonly unknown[]>;
    abortSignal?: AbortSignal;
  },
): Promise<void> {
  if (options.rows.length === 0) return;
  const names = options.columns.map((column) => column.name);
  if (!clickhouse.embedded) {
    await insertJsonRows(clickhouse, { ...options, columns: names });
    return;
  }
  const nativeColumns: NativeColumn[] = options.columns.map((column, index) => ({
    name: `c${String(index)}`,
    type: column.nativeType,
  }));
  const structure = nativeColumns.map((column) => `${column.name} ${column.type}`).join(', ');
  const block = encodeNativeBlock(nativeColumns, options.rows);
  insertDirectory ??= mkdtempSync(join(tmpdir(), 'sextant-insert-'));
  insertCounter += 1;
  const path = join(insertDirectory, `${String(insertCounter)}.native`);
  await writeFile(path, block, { mode: 0o600 });
  try {
    await clickhouse.client.command({
      query:
        `INSERT INTO ${options.table} (${names.map(quoteIdentifier).join(', ')}) ` +
        // The explicit structure keeps ClickHouse from matching the block to the table by name.
        `SELECT * FROM file(${quoteString(path)}, 'Native', ${quoteString(structure)})`,
      ...(options.abortSignal === undefined ? {} : { abort_signal: options.abortSignal }),
    });
  } finally {
    await rm(path, { force: true });
  }
}

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
