/**
 * Tables written in large batches (results, spans) keep parts of up to 256 MiB uncompressed in the
 * Compact format (one file for all columns) instead of ClickHouse's default of Wide (a file per
 * column stream) from 10 MiB. On the embedded engine a Wide part of these tables cost much more
 * to write than a Compact one of the same rows (bench/clickhouse/RESULTS.md, 2026-11-26): results
 * in 20,000-row INSERTs 4.8-6.6 → 1.1-1.8 µs per row of engine CPU; spans in 50,000-span INSERTs
 * (with both views) median 6.3 → 4.1 µs per span. Merges bigger than the threshold still produce
 * Wide parts, so a large table reads its columns separately as before. A table setting only:
 * columns, types and readers are unchanged.
 *
 * Embedded engine only. On a server `otel_traces` may belong to the OpenTelemetry Collector or a
 * platform team (not a MergeTree, no ALTER grant for us, an owner's own setting), and migrations
 * run on every open, so a failing ALTER would stop every command; the README gives the statement
 * for server owners who want it. Nothing was measured on a server.
 */
import { qualifiedName } from '../identifiers.js';
import { onCluster, storageTable, type SchemaContext } from './schema-rendering.js';

/** Parts smaller than this (uncompressed bytes) are written Compact. */
export const COMPACT_PARTS_UP_TO_BYTES = 256 * 1024 * 1024;

/** The ALTER that sets the threshold on `table` (embedded engine; none for a server). */
export function compactPartsStatements(context: SchemaContext, table: string): string[] {
  if (context.embedded !== true) return [];
  return [
    `ALTER TABLE ${qualifiedName(context.database, storageTable(context, table))}${onCluster(context)} ` +
      `MODIFY SETTING min_bytes_for_wide_part = ${String(COMPACT_PARTS_UP_TO_BYTES)}`,
  ];
}
