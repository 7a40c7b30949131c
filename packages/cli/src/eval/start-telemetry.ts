/**
 * The eval's own OpenTelemetry SDK (`@opentelemetry/sdk-node`): every model call's span goes to
 * `otel_traces` through `ClickHouseSpanExporter` in a `BatchSpanProcessor`, and also over
 * OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-specific variable) is set. No metric
 * readers or log processors are configured, so nothing is sent to a default endpoint that is
 * not there. `shutdown` flushes every processor; call it before closing ClickHouse.
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
    new BatchSpanProcessor(new ClickHouseSpanExporter({ clickhouse: options.clickhouse })),
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
