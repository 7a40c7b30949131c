/**
 * `sextant_gen_ai_traffic_1m`: LLM calls from `otel_traces` rolled up per minute × service ×
 * provider × model × operation by a materialized view, so the traffic summary reads thousands of
 * small rows instead of the Map columns of millions of spans (10M spans: ~5 s on the raw table).
 * The view reads what any GenAI-semconv instrumentation writes (the collector's rows included):
 * spans with a `gen_ai.operation.name`; provider is `gen_ai.provider.name`, else the older
 * `gen_ai.system`; errors are StatusCode `Error` (or the older collector's `STATUS_CODE_ERROR`).
 *
 * Units: latency and TTFT in milliseconds as DDSketch states (`quantilesDD`, relative error
 * ≤ 1 %); tokens are counts; cost_usd sums `sextant.cost.usd` over priced_calls (calls without
 * a price add nothing and are not priced).
 *
 * Only spans inserted after this migration are rolled up; to include older spans, run once:
 * `INSERT INTO sextant_gen_ai_traffic_1m SELECT … FROM otel_traces` with the view's SELECT.
 */
import { qualifiedName } from '../identifiers.js';
import { OTEL_TRACES_TABLE } from './0001-otel-traces.js';
import type { Migration } from './migration.js';
import {
  onCluster,
  renderCreateTable,
  storageTable,
  ttlClause,
  type SchemaContext,
} from './schema-rendering.js';

export const GEN_AI_TRAFFIC_TABLE = 'sextant_gen_ai_traffic_1m';
export const GEN_AI_TRAFFIC_VIEW = 'sextant_gen_ai_traffic_1m_mv';
/** The sketch all traffic percentiles use; readers must merge with the same parameters. */
export const TRAFFIC_QUANTILES = 'quantilesDD(0.01, 0.5, 0.95, 0.99)';

const COLUMNS = `    minute DateTime('UTC'),
    service_name LowCardinality(String),
    provider LowCardinality(String),
    model LowCardinality(String),
    operation LowCardinality(String),
    calls SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    latency_ms AggregateFunction(${TRAFFIC_QUANTILES}, Float64),
    ttft_ms AggregateFunction(${TRAFFIC_QUANTILES}, Nullable(Float64)),
    streamed_calls SimpleAggregateFunction(sum, UInt64),
    input_tokens SimpleAggregateFunction(sum, UInt64),
    output_tokens SimpleAggregateFunction(sum, UInt64),
    cache_read_input_tokens SimpleAggregateFunction(sum, UInt64),
    cache_creation_input_tokens SimpleAggregateFunction(sum, UInt64),
    reasoning_output_tokens SimpleAggregateFunction(sum, UInt64),
    cost_usd SimpleAggregateFunction(sum, Float64),
    priced_calls SimpleAggregateFunction(sum, UInt64),
    retries SimpleAggregateFunction(sum, UInt64)`;

function attribute(name: string): string {
  return `SpanAttributes['${name}']`;
}

function renderView(context: SchemaContext): string {
  const ttft = `toFloat64OrNull(${attribute('gen_ai.response.time_to_first_chunk')}) * 1000`;
  const cacheCreation = `if(mapContains(SpanAttributes, 'gen_ai.usage.cache_creation.input_tokens'), ${attribute('gen_ai.usage.cache_creation.input_tokens')}, ${attribute('gen_ai.usage.cache_write.input_tokens')})`;
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualifiedName(context.database, GEN_AI_TRAFFIC_VIEW)}${onCluster(context)}
TO ${qualifiedName(context.database, storageTable(context, GEN_AI_TRAFFIC_TABLE))}
AS SELECT
    toStartOfMinute(toDateTime(Timestamp, 'UTC')) AS minute,
    ServiceName AS service_name,
    if(mapContains(SpanAttributes, 'gen_ai.provider.name'), ${attribute('gen_ai.provider.name')}, ${attribute('gen_ai.system')}) AS provider,
    ${attribute('gen_ai.request.model')} AS model,
    ${attribute('gen_ai.operation.name')} AS operation,
    count() AS calls,
    countIf(StatusCode IN ('Error', 'STATUS_CODE_ERROR')) AS errors,
    ${TRAFFIC_QUANTILES.replace('(', 'State(')}(Duration / 1e6) AS latency_ms,
    ${TRAFFIC_QUANTILES.replace('(', 'State(')}(${ttft}) AS ttft_ms,
    count(${ttft}) AS streamed_calls,
    sum(toUInt64OrZero(${attribute('gen_ai.usage.input_tokens')})) AS input_tokens,
    sum(toUInt64OrZero(${attribute('gen_ai.usage.output_tokens')})) AS output_tokens,
    sum(toUInt64OrZero(${attribute('gen_ai.usage.cache_read.input_tokens')})) AS cache_read_input_tokens,
    sum(toUInt64OrZero(${cacheCreation})) AS cache_creation_input_tokens,
    sum(toUInt64OrZero(${attribute('gen_ai.usage.reasoning.output_tokens')})) AS reasoning_output_tokens,
    sum(toFloat64OrZero(${attribute('sextant.cost.usd')})) AS cost_usd,
    countIf(toFloat64OrNull(${attribute('sextant.cost.usd')}) IS NOT NULL) AS priced_calls,
    sum(toUInt64OrZero(${attribute('sextant.retry.count')})) AS retries
FROM ${qualifiedName(context.database, storageTable(context, OTEL_TRACES_TABLE))}
WHERE ${attribute('gen_ai.operation.name')} != ''
GROUP BY minute, service_name, provider, model, operation`;
}

export const genAiTrafficMigration: Migration = {
  version: '0003',
  name: 'gen_ai_traffic',
  statements: (context) => [
    ...renderCreateTable(context, {
      name: GEN_AI_TRAFFIC_TABLE,
      columns: COLUMNS,
      engine: 'AggregatingMergeTree',
      clauses: [
        'PARTITION BY toYYYYMM(minute)',
        'ORDER BY (service_name, provider, model, operation, minute)',
        ttlClause(context, 'minute'),
      ]
        .filter((line) => line !== '')
        .join('\n'),
      shardingKey: 'cityHash64(service_name, model)',
    }),
    renderView(context),
  ],
};
