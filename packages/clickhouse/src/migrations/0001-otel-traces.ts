/**
 * `otel_traces`, `otel_traces_trace_id_ts` and `otel_traces_trace_id_ts_mv` exactly as the
 * OpenTelemetry Collector contrib ClickHouse exporter creates them, so the collector and
 * ClickHouseSpanExporter can write the same table. Sources (open-telemetry/opentelemetry-collector-contrib):
 * - exporter/clickhouseexporter/internal/sqltemplates/traces_table.sql @ 2bf6b9e1f8c8716ab54eaac1635e56b4d0649900
 *   (we render its bloom_filter index branch, the one the collector uses on servers without the
 *   `text` index; both branches have the same columns)
 * - exporter/clickhouseexporter/internal/sqltemplates/traces_id_ts_lookup_table.sql @ 1b08503058e58c68b9175b4d0663d0aaf16b5398
 *   (engine: AggregatingMergeTree(), from `traceIDTsTableEngineString`)
 * - exporter/clickhouseexporter/internal/sqltemplates/traces_id_ts_lookup_mv.sql (the
 *   `{{ident .Database}}` template version, min/max(toDateTime(Timestamp)))
 * - TTL as the exporter's GenerateTTLExpr renders whole days: `toDateTime(<column>) + toIntervalDay(n)`.
 * On a cluster the MV reads the local span table and writes the local lookup table; both are
 * sharded by TraceId so one trace's spans aggregate on one shard.
 */
import { qualifiedName } from '../identifiers.js';
import type { Migration } from './migration.js';
import {
  onCluster,
  renderCreateTable,
  storageTable,
  ttlClause,
  type SchemaContext,
} from './schema-rendering.js';

export const OTEL_TRACES_TABLE = 'otel_traces';
export const OTEL_TRACE_ID_TS_TABLE = 'otel_traces_trace_id_ts';
export const OTEL_TRACE_ID_TS_VIEW = 'otel_traces_trace_id_ts_mv';

const TRACES_COLUMNS = `    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    TraceState String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    SpanKind LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion String CODEC(ZSTD(1)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(T64, ZSTD(1)),
    StatusCode LowCardinality(String) CODEC(ZSTD(1)),
    StatusMessage String CODEC(ZSTD(1)),
    Events Nested (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    Links Nested (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String)
    ) CODEC(ZSTD(1)),
    ResourceAttributeItems Array(String) ALIAS arrayMap(kv -> concat(kv.1, '=', kv.2), CAST(ResourceAttributes, 'Array(Tuple(String, String))')),
    SpanAttributeItems Array(String) ALIAS arrayMap(kv -> concat(kv.1, '=', kv.2), CAST(SpanAttributes, 'Array(Tuple(String, String))')),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1,
    INDEX idx_lower_span_name lower(SpanName) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8`;

const TRACE_ID_TS_COLUMNS = `    TraceId String CODEC(ZSTD(1)),
    Start SimpleAggregateFunction(min, DateTime) CODEC(ZSTD(1)),
    End SimpleAggregateFunction(max, DateTime) CODEC(ZSTD(1))`;

function clauses(lines: string[]): string {
  return lines.filter((line) => line !== '').join('\n');
}

function renderTraceIdView(context: SchemaContext): string {
  const target = qualifiedName(context.database, storageTable(context, OTEL_TRACE_ID_TS_TABLE));
  const source = qualifiedName(context.database, storageTable(context, OTEL_TRACES_TABLE));
  return (
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualifiedName(context.database, OTEL_TRACE_ID_TS_VIEW)}${onCluster(context)}\n` +
    `TO ${target}\nAS SELECT\n    TraceId,\n    min(toDateTime(Timestamp)) AS Start,\n` +
    `    max(toDateTime(Timestamp)) AS End\nFROM ${source}\nWHERE TraceId != ''\nGROUP BY TraceId`
  );
}

export const otelTracesMigration: Migration = {
  version: '0001',
  name: 'otel_traces',
  statements: (context) => [
    ...renderCreateTable(context, {
      name: OTEL_TRACES_TABLE,
      columns: TRACES_COLUMNS,
      engine: 'MergeTree',
      clauses: clauses([
        'PARTITION BY toDate(Timestamp)',
        'PRIMARY KEY (ServiceName, SpanName, toDateTime(Timestamp))',
        'ORDER BY (ServiceName, SpanName, toDateTime(Timestamp), Timestamp)',
        ttlClause(context, 'toDateTime(Timestamp)'),
        'SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1',
      ]),
      shardingKey: 'cityHash64(TraceId)',
    }),
    ...renderCreateTable(context, {
      name: OTEL_TRACE_ID_TS_TABLE,
      columns: TRACE_ID_TS_COLUMNS,
      engine: 'AggregatingMergeTree',
      clauses: clauses([
        'PARTITION BY toStartOfWeek(Start)',
        'ORDER BY (TraceId)',
        ttlClause(context, 'toDateTime(Start)'),
        'SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1',
      ]),
      shardingKey: 'cityHash64(TraceId)',
    }),
    renderTraceIdView(context),
  ],
};
