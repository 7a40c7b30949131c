/**
 * The eval's own OpenTelemetry SDK (`@opentelemetry/sdk-node`): every model call's span goes to
 * `otel_traces` through `ClickHouseSpanExporter` in a `BatchSpanProcessor`, and also over
 * OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-specific variable) is set. No metric
 * readers or log processors are configured, so nothing is sent to a default endpoint that is
 * not there. `shutdown` flushes every processor; call it before closing ClickHouse.
 *
 * The ClickHouse processor batches far more than the SDK's defaults (512 spans, or every 5 s):
 * every INSERT costs the embedded engine ~40–67 ms beyond its rows (the table and its two
 * materialized views), so at 3,000 spans/s 512-span batches took 38–43 % of a core and batches of
 * up to 10,000 sent every second 17–18.5 % (bench/clickhouse/exporter-rate.bench.mjs, which
 * measures these settings; RESULTS.md, 2026-11-26). The queue is bounded at 20,000 spans. `OTEL_BSP_*` variables, when set, still win (see clickHouseBatching).
 */
import type { TracerProvider } from '@opentelemetry/api';
import type { SextantClickHouse } from '@sextant/clickhouse';

export interface Telemetry {
  tracerProvider: TracerProvider;
  /** Where spans go, for the run's opening lines. */
  destinations: string[];
  shutdown(): Promise<void>;
}

export async function startTelemetry(options: {
  clickhouse: SextantClickHouse;
  environment: Readonly<Record<string, string | undefined>>;
}): Promise<Telemetry> {
  const [{ NodeSDK }, { BatchSpanProcessor }, { ClickHouseSpanExporter }, api] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@sextant/clickhouse'),
    import('@opentelemetry/api'),
  ]);
  const processors = [
    new BatchSpanProcessor(
      new ClickHouseSpanExporter({ clickhouse: options.clickhouse }),
      clickHouseBatching(options.environment),
    ),
  ];
  const destinations = ['otel_traces in ClickHouse'];
  const endpoint =
    options.environment['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ??
    options.environment['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (endpoint !== undefined && endpoint !== '') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables.
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
    destinations.push(`OTLP/HTTP (${endpoint})`);
  }
  const sdk = new NodeSDK({
    serviceName: options.environment['OTEL_SERVICE_NAME'] ?? 'sextant-eval',
    spanProcessors: processors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  let stopped: Promise<void> | undefined;
  return {
    tracerProvider: api.trace.getTracerProvider(),
    destinations,
    shutdown() {
      // Flushing can fail (a collector that went away); the eval's results are already stored.
      stopped ??= sdk.shutdown().catch(() => undefined);
      return stopped;
    },
  };
}

export interface SpanBatching {
  maxExportBatchSize: number;
  maxQueueSize: number;
  scheduledDelayMillis: number;
}

/**
 * Batching for the ClickHouse exporter. An `OTEL_BSP_*` variable of `environment` wins, read as the
 * SDK reads it (a number; the delay may be 0); a queue set smaller than our batch gets batches of
 * half the queue, so spans ended during an export still have room.
 */
export function clickHouseBatching(
  environment: Readonly<Record<string, string | undefined>>,
): SpanBatching {
  const variable = (name: string, least: number): number | undefined => {
    const text = environment[name]?.trim() ?? '';
    const value = Number(text);
    return text !== '' && Number.isFinite(value) && value >= least ? Math.floor(value) : undefined;
  };
  const queue = variable('OTEL_BSP_MAX_QUEUE_SIZE', 1) ?? 20_000;
  return {
    maxExportBatchSize:
      variable('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1) ??
      Math.max(1, Math.min(10_000, Math.floor(queue / 2))),
    maxQueueSize: queue,
    scheduledDelayMillis: variable('OTEL_BSP_SCHEDULE_DELAY', 0) ?? 1_000,
  };
}
