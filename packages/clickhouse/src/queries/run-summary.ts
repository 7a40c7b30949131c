/**
 * Per prompt × target summary of one eval run (the aggregation lives in
 * migrations/run-summary-select.ts and also backs the `sextant_eval_run_summary` view).
 */
import { qualifiedName } from '../identifiers.js';
import { EVAL_RESULTS_TABLE } from '../migrations/0002-eval-tables.js';
import { renderRunSummarySelect } from '../migrations/run-summary-select.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { quantileAt, toNumber, toNumberOrNull } from './query-values.js';

export interface RunSummaryRow {
  runId: string;
  promptId: string;
  targetId: string;
  model: string;
  provider: string;
  /** Results (case × repeat), errors included. */
  cases: number;
  passes: number;
  /** Results whose call failed (status `error`). */
  errors: number;
  /** passes ÷ cases, in [0, 1]. */
  passRate: number;
  /** Mean of the weighted score over all results, errors included, in [0, 1]. */
  meanScore: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Over streamed results only; null when none streamed. */
  timeToFirstChunkP50Ms: number | null;
  timeToFirstChunkP95Ms: number | null;
  streamedResults: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Target spend in USD over results with a known price; null when no result has one. */
  costUsd: number | null;
  /** Results whose price is unknown (their spend is not in costUsd). */
  unpricedResults: number;
  judgeCostUsd: number | null;
  /** costUsd ÷ passes; null when nothing passed or any result is unpriced. */
  costPerSuccessUsd: number | null;
  retries: number;
}

export async function queryRunSummary(
  clickhouse: SextantClickHouse,
  options: { runId: string },
): Promise<RunSummaryRow[]> {
  const result = await clickhouse.client.query({
    query: `${renderRunSummarySelect({
      results: qualifiedName(clickhouse.database, EVAL_RESULTS_TABLE),
      where: 'run_id = {runId:String}',
    })}\nORDER BY prompt_id, target_id`,
    query_params: { runId: options.runId },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, unknown>>();
  return rows.map((row) => {
    const cases = toNumber(row['cases']);
    const passes = toNumber(row['passes']);
    return {
      runId: String(row['run_id']),
      promptId: String(row['prompt_id']),
      targetId: String(row['target_id']),
      model: String(row['model']),
      provider: String(row['provider']),
      cases,
      passes,
      errors: toNumber(row['errors']),
      passRate: cases === 0 ? 0 : passes / cases,
      meanScore: toNumber(row['mean_score']),
      latencyP50Ms: quantileAt(row['latency_quantiles_ms'], 0),
      latencyP95Ms: quantileAt(row['latency_quantiles_ms'], 1),
      timeToFirstChunkP50Ms: quantileAt(row['ttft_quantiles_ms'], 0),
      timeToFirstChunkP95Ms: quantileAt(row['ttft_quantiles_ms'], 1),
      streamedResults: toNumber(row['streamed_results']),
      inputTokens: toNumber(row['total_input_tokens']),
      outputTokens: toNumber(row['total_output_tokens']),
      cachedInputTokens: toNumber(row['total_cached_input_tokens']),
      reasoningTokens: toNumber(row['total_reasoning_tokens']),
      costUsd: toNumberOrNull(row['total_cost_usd']),
      unpricedResults: toNumber(row['unpriced_results']),
      judgeCostUsd: toNumberOrNull(row['total_judge_cost_usd']),
      costPerSuccessUsd: toNumberOrNull(row['cost_per_success_usd']),
      retries: toNumber(row['total_retries']),
    };
  });
}
