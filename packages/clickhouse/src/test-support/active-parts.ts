/** Test helper (not built): the active parts of one table of the test's database. */
import type { SextantClickHouse } from '../open-clickhouse.js';

export interface ActivePart {
  /** `Compact` or `Wide` (or `InMemory` on old servers). */
  format: string;
  rows: number;
  uncompressedBytes: number;
}

export async function activeParts(
  clickhouse: SextantClickHouse,
  table: string,
): Promise<ActivePart[]> {
  const result = await clickhouse.client.query({
    query: `SELECT part_type, rows, data_uncompressed_bytes AS bytes FROM system.parts
      WHERE database = {database:String} AND table = {table:String} AND active
      ORDER BY min_block_number`,
    query_params: { database: clickhouse.database, table },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ part_type: string; rows: string; bytes: string }>();
  return rows.map((row) => ({
    format: row.part_type,
    rows: Number(row.rows),
    uncompressedBytes: Number(row.bytes),
  }));
}
