import type { Attributes } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeValueToString } from './attribute-value-to-string.js';
import { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

/** Values no OpenTelemetry type allows, as untyped JavaScript (or a careless cast) passes them. */
const ODD = {
  big: 10n,
  bigList: [1n, 2n],
  symbol: Symbol('odd'),
} as unknown as Attributes;

function recordSpans(options: { scope: string; resource: Attributes; spans: Attributes[] }) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(options.resource),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer(options.scope);
  for (const attributes of options.spans) tracer.startSpan('span', { attributes }).end();
  return memory.getFinishedSpans();
}

describe('ClickHouseSpanExporter with attribute values outside the OpenTelemetry types', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  function exportSpans(spans: ReadableSpan[]): Promise<ExportResult> {
    const exporter = new ClickHouseSpanExporter({ clickhouse });
    return new Promise((resolve) => {
      exporter.export(spans, resolve);
    });
  }

  it('stores a batch with a BigInt in one span and in the resource, the odd values as text', async () => {
    const spans = recordSpans({
      scope: 'odd-values',
      resource: { 'service.name': 'odd', 'process.start': 10n } as unknown as Attributes,
      spans: [{ ok: 'first' }, { ok: 'second' }, { ok: 'third' }],
    });
    // The SDK's own spans drop such values; a span built elsewhere (another processor, a bridge)
    // reaches the exporter as it is.
    const [first, second, third] = spans as [ReadableSpan, ReadableSpan, ReadableSpan];
    const odd = Object.assign(
      Object.create(Object.getPrototypeOf(second) as object) as object,
      second,
      {
        attributes: { ...second.attributes, ...ODD },
      },
    ) as ReadableSpan;
    const result = await exportSpans([first, odd, third]);
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const rows = await clickhouse.client.query({
      query: `SELECT SpanAttributes AS attributes, ResourceAttributes['process.start'] AS start
        FROM \`${clickhouse.database}\`.otel_traces WHERE ScopeName = 'odd-values'
        ORDER BY SpanAttributes['ok']`,
      format: 'JSONEachRow',
    });
    const stored = await rows.json<{ attributes: Record<string, string>; start: string }>();
    expect(stored.map((row) => row.start)).toEqual(['10', '10', '10']);
    expect(stored.map((row) => row.attributes)).toEqual([
      { ok: 'first' },
      { ok: 'second', big: '10', bigList: '["1","2"]', symbol: 'Symbol(odd)' },
      { ok: 'third' },
    ]);
  });

  it('gives the server path the same text', () => {
    expect(attributeValueToString(10n as never)).toBe('10');
    expect(attributeValueToString([1n, 2n] as never)).toBe('["1","2"]');
    expect(attributeValueToString(Symbol('odd') as never)).toBe('Symbol(odd)');
  });
});
