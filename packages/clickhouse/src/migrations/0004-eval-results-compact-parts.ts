/**
 * `sextant_eval_results` keeps parts of up to 256 MiB (uncompressed; ~380,000 results) in the
 * Compact format, one file for all columns, instead of ClickHouse's default of Wide (a file per
 * column stream) from 10 MiB. Writing a Wide part of this table cost the embedded engine ~75 ms
 * more than a Compact one of the same rows (20,000-row INSERTs: 4.8 → 1.2 µs per row of engine
 * CPU; bench/clickhouse/RESULTS.md, 2026-11-26), which is most of a batch's cost. Merges bigger
 * than the threshold still produce Wide parts, so a large table reads its columns separately as
 * before. A setting of the storage table only: columns, types and readers are unchanged.
 */
import { qualifiedName } from '../identifiers.js';
import { EVAL_RESULTS_TABLE } from './0002-eval-tables.js';
import type { Migration } from './migration.js';
import { onCluster, storageTable } from './schema-rendering.js';

/** Parts smaller than this (uncompressed bytes) are written Compact. */
export const EVAL_RESULTS_MIN_BYTES_FOR_WIDE_PART = 256 * 1024 * 1024;

export const evalResultsCompactPartsMigration: Migration = {
  version: '0004',
  name: 'eval_results_compact_parts',
  statements: (context) => [
    `ALTER TABLE ${qualifiedName(context.database, storageTable(context, EVAL_RESULTS_TABLE))}` +
      `${onCluster(context)} MODIFY SETTING min_bytes_for_wide_part = ${String(EVAL_RESULTS_MIN_BYTES_FOR_WIDE_PART)}`,
  ],
};
