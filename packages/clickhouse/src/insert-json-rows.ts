/**
 * INSERT of rows we encode ourselves as JSONCompactEachRow (one JSON array per line, columns in a
 * fixed order), sent as one body. Compared with `client.insert` of objects this is 3–4× faster on
 * the embedded engine (no per-row stream chunks, no key matching) and the same single request on
 * a server.
 *
 * Strings are made well-formed first: a lone surrogate (half an emoji left by a `.slice`) becomes
 * U+FFFD, as the Native path (byte-writer.ts) writes it. `JSON.stringify` would send it as
 * `\udXXX`, which ClickHouse refuses (CANNOT_PARSE_ESCAPE_SEQUENCE), failing the whole INSERT.
 */
import { Readable } from 'node:stream';
import { quoteIdentifier } from './identifiers.js';
import type { SextantClickHouse } from './open-clickhouse.js';

export async function insertJsonRows(
  clickhouse: SextantClickHouse,
  options: {
    /** Already qualified and quoted. */
    table: string;
    columns: readonly string[];
    rows: ReadonlyArray<readonly unknown[]>;
    /** Query-level settings of this INSERT (our own constants, never user input). */
    settings?: Readonly<Record<string, number>>;
    abortSignal?: AbortSignal;
  },
): Promise<void> {
  if (options.rows.length === 0) return;
  const body = jsonCompactEachRowBody(options.rows);
  const result = await clickhouse.client.exec({
    query: `INSERT INTO ${options.table} (${options.columns.map(quoteIdentifier).join(', ')}) FORMAT JSONCompactEachRow`,
    values: Readable.from([body]),
    ...(options.settings === undefined ? {} : { clickhouse_settings: options.settings }),
    ...(options.abortSignal === undefined ? {} : { abort_signal: options.abortSignal }),
  });
  // Drain the (empty) response so an HTTP connection returns to the pool.
  for await (const _chunk of result.stream) {
    // nothing to read
  }
}

/** Only lone surrogates are escaped as `\udXXX` by `JSON.stringify` (pairs are written raw). */
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;

/** The JSONCompactEachRow body of `rows`, one line per row, every string well-formed. */
export function jsonCompactEachRowBody(rows: ReadonlyArray<readonly unknown[]>): string {
  let body = '';
  for (const row of rows) {
    let line = JSON.stringify(row);
    // Rare, so the common row pays one regular-expression scan and no replacer call per value.
    if (LONE_SURROGATE_ESCAPE.test(line)) line = JSON.stringify(row, wellFormed);
    body += `${line}\n`;
  }
  return body;
}

function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? (value as string & WellFormedString).toWellFormed() : value;
}

/** `String.prototype.toWellFormed` (Node 20; the ES2024 lib types are not in our lib setting). */
interface WellFormedString {
  toWellFormed(): string;
}
