/**
 * A run's results, newest version of each key, in keyset pages of `pageSize` rows (see the
 * comment inside); the result store's `readResults`.
 */
import type { EvalResult } from '@sextant/spec';
import { fromResultRow, RESULT_COLUMNS, type ResultRowOut } from './eval-rows.js';
import type { SextantClickHouse } from './open-clickhouse.js';

export async function* readResultPages(options: {
  clickhouse: SextantClickHouse;
  /** Already qualified and quoted. */
  table: string;
  runId: string;
  pageSize: number;
}): AsyncIterable<EvalResult> {
  // Keyset pages keep memory bounded on both backends (chDB buffers each query's result). No
  // FINAL: it would re-merge the whole rest of the run on every page. Instead each page reads
  // rows in primary-key order and keeps the newest version of each key (LIMIT 1 BY), so the
  // engine reads the page's key range in order and stops once the page is full.
  const key = 'prompt_id, target_id, case_id, repeat';
  let after: ResultRowOut | undefined;
  for (;;) {
    const result = await options.clickhouse.client.query({
      query:
        `SELECT ${RESULT_COLUMNS} FROM ${options.table} WHERE run_id = {runId:String}` +
        (after === undefined
          ? ''
          : ` AND (${key}) > ({promptId:String}, {targetId:String}, {caseId:String}, {repeat:UInt32})`) +
        ` ORDER BY ${key}, version DESC LIMIT 1 BY ${key} LIMIT {limit:UInt32}`,
      query_params: {
        runId: options.runId,
        limit: options.pageSize,
        ...(after === undefined
          ? {}
          : {
              promptId: after.prompt_id,
              targetId: after.target_id,
              caseId: after.case_id,
              repeat: Number(after.repeat),
            }),
      },
      format: 'JSONEachRow',
    });
    const rows = await result.json<ResultRowOut>();
    for (const row of rows) yield fromResultRow(row);
    if (rows.length < options.pageSize) return;
    after = rows[rows.length - 1];
  }
}
