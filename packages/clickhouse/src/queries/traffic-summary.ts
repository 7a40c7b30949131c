/**
 * LLM traffic per service × provider × model over a time window, from the per-minute rollup of
 * `otel_traces` (migrations/0003-gen-ai-traffic.ts), so it costs the same for a thousand spans or
 * ten million. The window is whole minutes: from the minute containing `since` up to, not
 * including, minutes that start at or after `until` (default now). Percentiles come from
 * DDSketch states, within 1 % of the exact value.
 */
import { qualifiedName } from '../identifiers.js';
import { GEN_AI_TRAFFIC_TABLE, TRAFFIC_QUANTILES } from '../migrations/0003-gen-ai-traffic.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { quantileAt, toNumber } from './query-values.js';

export interface TrafficSummaryRow {
  serviceName: string;
  provider: string;
  /** `gen_ai.request.model`. */
  model: string;
  calls: number;
  errors: number;
  /** errors ÷ calls, in [0, 1]. */
  errorRate: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /** Over streamed calls only (those with `gen_ai.response.time_to_first_chunk`). */
  timeToFirstChunkP50Ms: number | null;
  timeToFirstChunkP95Ms: number | null;
  timeToFirstChunkP99Ms: number | null;
  streamedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  /** `cache_creation`, or the older `cache_write` spelling. */
  cacheCreationInputTokens: number;
  reasoningOutputTokens: number;
  /** USD over calls with a price; null when no call has one. */
  costUsd: number | null;
  /** Calls without `sextant.cost.usd` (unknown price, or another instrumentation). */
  unpricedCalls: number;
  retries: number;
}

export async function queryTrafficSummary(
  clickhouse: SextantClickHouse,
  options: { since: Date; until?: Date; serviceName?: string },
): Promise<TrafficSummaryRow[]> {
  const merge = TRAFFIC_QUANTILES.replace('(', 'Merge(');
  const result = await clickhouse.client.query({
    query: `SELECT
        service_name, provider, model,
        sum(calls) AS total_calls,
        sum(errors) AS total_errors,
        ${merge}(latency_ms) AS latency_quantiles_ms,
        ${merge}(ttft_ms) AS ttft_quantiles_ms,
        sum(streamed_calls) AS total_streamed_calls,
        sum(input_tokens) AS total_input_tokens,
        sum(output_tokens) AS total_output_tokens,
        sum(cache_read_input_tokens) AS total_cache_read_input_tokens,
        sum(cache_creation_input_tokens) AS total_cache_creation_input_tokens,
        sum(reasoning_output_tokens) AS total_reasoning_output_tokens,
        sum(cost_usd) AS total_cost_usd,
        sum(priced_calls) AS total_priced_calls,
        sum(retries) AS total_retries
      FROM ${qualifiedName(clickhouse.database, GEN_AI_TRAFFIC_TABLE)}
      WHERE minute >= toStartOfMinute(toDateTime(fromUnixTimestamp64Milli({sinceMs:Int64}), 'UTC'))
        AND minute < fromUnixTimestamp64Milli({untilMs:Int64}, 'UTC')
        ${options.serviceName === undefined ? '' : 'AND service_name = {serviceName:String}'}
      GROUP BY service_name, provider, model
      ORDER BY service_name, provider, model`,
    query_params: {
      sinceMs: options.since.getTime(),
      untilMs: (options.until ?? new Date()).getTime(),
      ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, unknown>>();
  return rows.map((row) => {
    const calls = toNumber(row['total_calls']);
    const errors = toNumber(row['total_errors']);
    const pricedCalls = toNumber(row['total_priced_calls']);
    return {
      serviceName: String(row['service_name']),
      provider: String(row['provider']),
      model: String(row['model']),
      calls,
      errors,
      errorRate: calls === 0 ? 0 : errors / calls,
      latencyP50Ms: quantileAt(row['latency_quantiles_ms'], 0),
      latencyP95Ms: quantileAt(row['latency_quantiles_ms'], 1),
      latencyP99Ms: quantileAt(row['latency_quantiles_ms'], 2),
      timeToFirstChunkP50Ms: quantileAt(row['ttft_quantiles_ms'], 0),
      timeToFirstChunkP95Ms: quantileAt(row['ttft_quantiles_ms'], 1),
      timeToFirstChunkP99Ms: quantileAt(row['ttft_quantiles_ms'], 2),
      streamedCalls: toNumber(row['total_streamed_calls']),
      inputTokens: toNumber(row['total_input_tokens']),
      outputTokens: toNumber(row['total_output_tokens']),
      cacheReadInputTokens: toNumber(row['total_cache_read_input_tokens']),
      cacheCreationInputTokens: toNumber(row['total_cache_creation_input_tokens']),
      reasoningOutputTokens: toNumber(row['total_reasoning_output_tokens']),
      costUsd: pricedCalls === 0 ? null : toNumber(row['total_cost_usd']),
      unpricedCalls: calls - pricedCalls,
      retries: toNumber(row['total_retries']),
    };
  });
}
