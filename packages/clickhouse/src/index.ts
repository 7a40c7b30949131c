export { openClickHouse } from './open-clickhouse.js';
export type { OpenClickHouseOptions, SextantClickHouse } from './open-clickhouse.js';
export { SextantClickHouseError } from './clickhouse-errors.js';
export type { ClickHouseErrorCode } from './clickhouse-errors.js';
export { MIGRATIONS_TABLE, migrate, migrationStatus, renderMigrations } from './migrate.js';
export type { RenderedMigration } from './migrate.js';
export type { SchemaContext } from './migrations/schema-rendering.js';
export {
  OTEL_TRACES_TABLE,
  OTEL_TRACE_ID_TS_TABLE,
  OTEL_TRACE_ID_TS_VIEW,
} from './migrations/0001-otel-traces.js';
export {
  EVAL_RESULTS_TABLE,
  EVAL_RUNS_TABLE,
  EVAL_RUN_SUMMARY_VIEW,
} from './migrations/0002-eval-tables.js';
export { GEN_AI_TRAFFIC_TABLE, GEN_AI_TRAFFIC_VIEW } from './migrations/0003-gen-ai-traffic.js';
export { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
export type { ClickHouseSpanExporterOptions } from './clickhouse-span-exporter.js';
export { OTEL_TRACE_COLUMNS, toOtelTraceRow, toOtelTraceValues } from './otel-trace-row.js';
export type { OtelTraceRow } from './otel-trace-row.js';
export { attributeValueToString } from './attribute-value-to-string.js';
export { ClickHouseResultStore } from './clickhouse-result-store.js';
export type { ClickHouseResultStoreOptions } from './clickhouse-result-store.js';
export { queryRunSummary } from './queries/run-summary.js';
export type { RunSummaryRow } from './queries/run-summary.js';
export { queryCaseComparison } from './queries/case-comparison.js';
export type { CaseComparisonRow, CaseSide } from './queries/case-comparison.js';
export { queryLatestRun, queryRuns } from './queries/runs.js';
export { queryRunTotals } from './queries/run-totals.js';
export type { RunTotals } from './queries/run-totals.js';
export { queryTrafficSummary } from './queries/traffic-summary.js';
export type { TrafficSummaryRow } from './queries/traffic-summary.js';
