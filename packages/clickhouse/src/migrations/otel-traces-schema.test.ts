import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { openTestClickHouse } from '../test-support/test-clickhouse.js';

/**
 * The collector's traces tables, column by column, as its DDL declares them
 * (open-telemetry/opentelemetry-collector-contrib exporter/clickhouseexporter/internal/sqltemplates,
 * traces_table.sql @ 2bf6b9e1, traces_id_ts_lookup_table.sql @ 1b085030). Nested columns appear in
 * system.columns flattened into arrays, as they do on a server.
 */
const COLLECTOR_TRACES_COLUMNS: Array<[name: string, type: string, codec: string, kind: string]> = [
  ['Timestamp', 'DateTime64(9)', 'CODEC(Delta(8), ZSTD(1))', ''],
  ['TraceId', 'String', 'CODEC(ZSTD(1))', ''],
  ['SpanId', 'String', 'CODEC(ZSTD(1))', ''],
  ['ParentSpanId', 'String', 'CODEC(ZSTD(1))', ''],
  ['TraceState', 'String', 'CODEC(ZSTD(1))', ''],
  ['SpanName', 'LowCardinality(String)', 'CODEC(ZSTD(1))', ''],
  ['SpanKind', 'LowCardinality(String)', 'CODEC(ZSTD(1))', ''],
  ['ServiceName', 'LowCardinality(String)', 'CODEC(ZSTD(1))', ''],
  ['ResourceAttributes', 'Map(LowCardinality(String), String)', 'CODEC(ZSTD(1))', ''],
  ['ScopeName', 'String', 'CODEC(ZSTD(1))', ''],
  ['ScopeVersion', 'String', 'CODEC(ZSTD(1))', ''],
  ['SpanAttributes', 'Map(LowCardinality(String), String)', 'CODEC(ZSTD(1))', ''],
  ['Duration', 'UInt64', 'CODEC(T64, ZSTD(1))', ''],
  ['StatusCode', 'LowCardinality(String)', 'CODEC(ZSTD(1))', ''],
  ['StatusMessage', 'String', 'CODEC(ZSTD(1))', ''],
  ['Events.Timestamp', 'Array(DateTime64(9))', 'CODEC(ZSTD(1))', ''],
  ['Events.Name', 'Array(LowCardinality(String))', 'CODEC(ZSTD(1))', ''],
  ['Events.Attributes', 'Array(Map(LowCardinality(String), String))', 'CODEC(ZSTD(1))', ''],
  ['Links.TraceId', 'Array(String)', 'CODEC(ZSTD(1))', ''],
  ['Links.SpanId', 'Array(String)', 'CODEC(ZSTD(1))', ''],
  ['Links.TraceState', 'Array(String)', 'CODEC(ZSTD(1))', ''],
  ['Links.Attributes', 'Array(Map(LowCardinality(String), String))', 'CODEC(ZSTD(1))', ''],
  ['ResourceAttributeItems', 'Array(String)', '', 'ALIAS'],
  ['SpanAttributeItems', 'Array(String)', '', 'ALIAS'],
];

const COLLECTOR_TRACE_ID_TS_COLUMNS: Array<[string, string, string, string]> = [
  ['TraceId', 'String', 'CODEC(ZSTD(1))', ''],
  ['Start', 'SimpleAggregateFunction(min, DateTime)', 'CODEC(ZSTD(1))', ''],
  ['End', 'SimpleAggregateFunction(max, DateTime)', 'CODEC(ZSTD(1))', ''],
];

describe('otel_traces schema parity with the OpenTelemetry Collector ClickHouse exporter', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  async function columns(table: string): Promise<Array<[string, string, string, string]>> {
    const result = await clickhouse.client.query({
      query: `SELECT name, type, compression_codec, default_kind FROM system.columns
        WHERE database = {database:String} AND table = {table:String} ORDER BY position`,
      query_params: { database: clickhouse.database, table },
      format: 'JSONCompactEachRow',
    });
    return result.json<[string, string, string, string]>();
  }

  async function tableShape(table: string): Promise<Record<string, string>> {
    const result = await clickhouse.client.query({
      query: `SELECT engine, partition_key, sorting_key, primary_key FROM system.tables
        WHERE database = {database:String} AND name = {table:String}`,
      query_params: { database: clickhouse.database, table },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<Record<string, string>>();
    return row ?? {};
  }

  it('has every otel_traces column with the collector type, codec and kind, in order', async () => {
    const actual = await columns('otel_traces');
    expect(actual.map((column) => column[0])).toEqual(
      COLLECTOR_TRACES_COLUMNS.map((column) => column[0]),
    );
    COLLECTOR_TRACES_COLUMNS.forEach((expected, index) => {
      expect(actual[index], expected[0]).toEqual(expected);
    });
  });

  it('partitions by day and orders as the collector does', async () => {
    expect(await tableShape('otel_traces')).toEqual({
      engine: 'MergeTree',
      partition_key: 'toDate(Timestamp)',
      sorting_key: 'ServiceName, SpanName, toDateTime(Timestamp), Timestamp',
      primary_key: 'ServiceName, SpanName, toDateTime(Timestamp)',
    });
  });

  it('has the trace id lookup table and its materialized view', async () => {
    expect(await columns('otel_traces_trace_id_ts')).toEqual(COLLECTOR_TRACE_ID_TS_COLUMNS);
    expect(await tableShape('otel_traces_trace_id_ts')).toEqual({
      engine: 'AggregatingMergeTree',
      partition_key: 'toStartOfWeek(Start)',
      sorting_key: '(TraceId)',
      primary_key: '(TraceId)',
    });
    expect((await tableShape('otel_traces_trace_id_ts_mv')).engine).toBe('MaterializedView');
  });
});
