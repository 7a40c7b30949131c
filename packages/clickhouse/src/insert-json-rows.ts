/**
 * INSERT of rows we encode ourselves as JSONCompactEachRow (one JSON array per line, columns in a
 * fixed order), sent as one body. Compared with `client.insert` of objects this is 3–4× faster on
 * the embedded engine (no per-row stream chunks, no key matching) and the same single request on
 * a server.
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
    abortSignal?: AbortSignal;
  },
): Promise<void> {
  if (options.rows.length === 0) return;
  let body = '';
  for (const row of options.rows) body += `${JSON.stringify(row)}\n`;
  const result = await clickhouse.client.exec({
    query: `INSERT INTO ${options.table} (${options.columns.map(quoteIdentifier).join(', ')}) FORMAT JSONCompactEachRow`,
    values: Readable.from([body]),
    ...(options.abortSignal === undefined ? {} : { abort_signal: options.abortSignal }),
  });
  // Drain the (empty) response so an HTTP connection returns to the pool.
  for await (const _chunk of result.stream) {
    // nothing to read
  }
}
