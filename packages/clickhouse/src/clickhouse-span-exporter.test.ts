import { SpanKind, SpanStatusCode, TraceFlags, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, TraceState, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
import { openClickHouse, type SextantClickHouse } from './open-clickhouse.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

const TRICKY = `it's "quoted" \\ back\\slash'); DROP TABLE otel_traces; -- 漢字 🚀 ü`;
const LINKED_TRACE = '0af7651916cd43dd8448eb211c80319c';
const LINKED_SPAN = 'b7ad6b7169203331';

/** Records spans with a real SDK tracer provider and returns them as the SDK hands them to exporters. */
function recordSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'deployment.environment': TRICKY,
    }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('sextant-test', '1.2.3');
  const start: HrTime = [1_750_000_000, 123_456_789];
  const span = tracer.startSpan('chat gpt-4o', {
    kind: SpanKind.CLIENT,
    startTime: start,
    attributes: {
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.request.temperature': 0.7,
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'tiny.number': 1e-7,
      'int.list': [1, 2, 3],
      'bool.list': [true, false],
      tricky: TRICKY,
    },
    links: [
      {
        context: {
          traceId: LINKED_TRACE,
          spanId: LINKED_SPAN,
          traceFlags: TraceFlags.SAMPLED,
          traceState: new TraceState('vendor=value'),
        },
        attributes: { 'link.reason': 'retry of' },
      },
    ],
  });
  span.addEvent(
    'sextant.http.attempt',
    { 'http.response.status_code': 429, note: TRICKY },
    [1_750_000_000, 200_000_001],
  );
  span.setStatus({ code: SpanStatusCode.ERROR, message: TRICKY });
  span.end([1_750_000_001, 500_000_000]);
  const child = tracer.startSpan('internal step', { startTime: [1_750_000_002, 0] });
  child.end([1_750_000_002, 1]);
  return memory.getFinishedSpans();
}

function exportSpans(
  exporter: ClickHouseSpanExporter,
  spans: ReadableSpan[],
): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('ClickHouseSpanExporter', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('writes every column as the collector does, from a real tracer provider', async () => {
    const spans = recordSpans();
    const exporter = new ClickHouseSpanExporter({ clickhouse });
    expect(await exportSpans(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS });

    const [llm] = spans;
    const result = await clickhouse.client.query({
      query: `SELECT *, toUnixTimestamp64Nano(Timestamp) AS start_ns,
          arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS event_ns
        FROM \`${clickhouse.database}\`.otel_traces WHERE SpanName = {name:String}`,
      query_params: { name: 'chat gpt-4o' },
      format: 'JSONEachRow',
    });
    const rows = await result.json<Record<string, unknown>>();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      start_ns: '1750000000123456789',
      TraceId: llm?.spanContext().traceId,
      SpanId: llm?.spanContext().spanId,
      ParentSpanId: '',
      TraceState: '',
      SpanName: 'chat gpt-4o',
      SpanKind: 'Client',
      ServiceName: 'checkout',
      ScopeName: 'sextant-test',
      ScopeVersion: '1.2.3',
      Duration: '1376543211',
      StatusCode: 'Error',
      StatusMessage: TRICKY,
      'Events.Name': ['sextant.http.attempt'],
      event_ns: ['1750000000200000001'],
      'Events.Attributes': [{ 'http.response.status_code': '429', note: TRICKY }],
      'Links.TraceId': [LINKED_TRACE],
      'Links.SpanId': [LINKED_SPAN],
      'Links.TraceState': ['vendor=value'],
      'Links.Attributes': [{ 'link.reason': 'retry of' }],
    });
    expect(rows[0]?.['SpanAttributes']).toEqual({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': '1200',
      'gen_ai.request.temperature': '0.7',
      'gen_ai.request.stream': 'true',
      'gen_ai.response.finish_reasons': '["stop","length"]',
      'tiny.number': '1e-7',
      'int.list': '[1,2,3]',
      'bool.list': '[true,false]',
      tricky: TRICKY,
    });
    expect(rows[0]?.['ResourceAttributes']).toMatchObject({
      'service.name': 'checkout',
      'deployment.environment': TRICKY,
    });

    const lookup = await clickhouse.client.query({
      query: `SELECT TraceId, min(Start) AS start FROM \`${clickhouse.database}\`.otel_traces_trace_id_ts
        WHERE TraceId = {traceId:String} GROUP BY TraceId`,
      query_params: { traceId: llm?.spanContext().traceId ?? '' },
      format: 'JSONEachRow',
    });
    expect(await lookup.json()).toEqual([
      { TraceId: llm?.spanContext().traceId, start: '2025-06-15 15:06:40' },
    ]);
  });

  it('takes batches from a BatchSpanProcessor and flushes on forceFlush', async () => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'batched-service' }),
      spanProcessors: [
        new BatchSpanProcessor(new ClickHouseSpanExporter({ clickhouse }), {
          maxExportBatchSize: 2,
          scheduledDelayMillis: 10_000,
        }),
      ],
    });
    const tracer = provider.getTracer('batch-test');
    for (let index = 0; index < 5; index += 1) tracer.startSpan(`step ${String(index)}`).end();
    await provider.forceFlush();
    const result = await clickhouse.client.query({
      query: `SELECT count() AS spans FROM \`${clickhouse.database}\`.otel_traces
        WHERE ServiceName = 'batched-service'`,
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ spans: '5' }]);
    await provider.shutdown();
  });

  it('never changes the spans it exports', async () => {
    const spans = recordSpans();
    const snapshot = JSON.stringify(spans.map(describeSpan));
    const exporter = new ClickHouseSpanExporter({ clickhouse });
    await exportSpans(exporter, spans);
    expect(JSON.stringify(spans.map(describeSpan))).toBe(snapshot);
  });

  it('reports an unreachable server as FAILED through the callback, without throwing', async () => {
    const unreachable = await openClickHouse({ url: 'http://127.0.0.1:9/sextant', migrate: false });
    const exporter = new ClickHouseSpanExporter({ clickhouse: unreachable, timeoutMs: 5_000 });
    const result = await exportSpans(exporter, recordSpans());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(Error);
    await exporter.shutdown();
    await unreachable.close();
  });

  it('gives up on a ClickHouse that never answers after timeoutMs', async () => {
    const exporter = new ClickHouseSpanExporter({
      clickhouse: () => new Promise<SextantClickHouse>(() => undefined),
      timeoutMs: 50,
    });
    const started = performance.now();
    const result = await exportSpans(exporter, recordSpans());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/within 50 ms/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('retries opening after a failed open, and refuses exports after shutdown', async () => {
    let attempts = 0;
    const exporter = new ClickHouseSpanExporter({
      clickhouse: () => {
        attempts += 1;
        return attempts === 1
          ? Promise.reject(new Error('engine not ready'))
          : Promise.resolve({ ...clickhouse, close: async () => undefined });
      },
    });
    expect((await exportSpans(exporter, recordSpans())).error?.message).toBe('engine not ready');
    expect((await exportSpans(exporter, recordSpans())).code).toBe(ExportResultCode.SUCCESS);
    await exporter.forceFlush();
    await exporter.shutdown();
    const afterShutdown = await exportSpans(exporter, recordSpans());
    expect(afterShutdown.code).toBe(ExportResultCode.FAILED);
    expect(attempts).toBe(2);
  });
});

function describeSpan(span: ReadableSpan): unknown {
  return {
    name: span.name,
    context: span.spanContext(),
    attributes: span.attributes,
    events: span.events,
    // TraceState caches its parsed form on first serialize(); compare what it says, not its cache.
    links: span.links.map((link) => ({
      ...link,
      context: { ...link.context, traceState: link.context.traceState?.serialize() },
    })),
    status: span.status,
    startTime: span.startTime,
    endTime: span.endTime,
    resource: span.resource.attributes,
  };
}
