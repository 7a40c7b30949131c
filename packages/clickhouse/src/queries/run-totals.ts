/**
 * Whole-run totals (every prompt and target together) for a list of runs, for `sextant runs`:
 * results, passes, errors and spend. One row per run that has results; runs without any are
 * absent from the map. Deduplicated like every read of the results table (FINAL).
 */
import { qualifiedName } from '../identifiers.js';
import { EVAL_RESULTS_TABLE } from '../migrations/0002-eval-tables.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { toNumber, toNumberOrNull } from './query-values.js';

export interface RunTotals {
  /** Results (case × prompt × target × repeat), errors included. */
  results: number;
  passes: number;
  /** Results whose call failed (status `error`). */
  errors: number;
  /** passes ÷ results, in [0, 1]. */
  passRate: number;
  /** Target and judge spend in USD over priced results; null when no result has a price. */
  costUsd: number | null;
  /** Results whose price is unknown (their spend is not in costUsd). */
  unpricedResults: number;
}

export async function queryRunTotals(
  clickhouse: SextantClickHouse,
  options: { runIds: readonly string[] },
): Promise<Map<string, RunTotals>> {
  const totals = new Map<string, RunTotals>();
  if (options.runIds.length === 0) return totals;
  const result = await clickhouse.client.query({
    query: `SELECT
        run_id,
        count() AS results,
        countIf(passed) AS passes,
        countIf(status = 'error') AS errors,
        if(countIf(cost_usd IS NOT NULL OR judge_cost_usd IS NOT NULL) = 0, NULL,
          sum(ifNull(cost_usd, 0)) + sum(ifNull(judge_cost_usd, 0))) AS spend_usd,
        countIf(cost_usd IS NULL) AS unpriced_results
      FROM ${qualifiedName(clickhouse.database, EVAL_RESULTS_TABLE)} FINAL
      WHERE run_id IN {runIds:Array(String)}
      GROUP BY run_id`,
    query_params: { runIds: options.runIds },
    format: 'JSONEachRow',
  });
  for (const row of await result.json<Record<string, unknown>>()) {
    const results = toNumber(row['results']);
    const passes = toNumber(row['passes']);
    totals.set(String(row['run_id']), {
      results,
      passes,
      errors: toNumber(row['errors']),
      passRate: results === 0 ? 0 : passes / results,
      costUsd: toNumberOrNull(row['spend_usd']),
      unpricedResults: toNumber(row['unpriced_results']),
    });
  }
  return totals;
}
