import { ExportResultCode } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

function recordSpans(scope: string): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  for (let index = 0; index < 3; index += 1) {
    provider
      .getTracer(scope)
      .startSpan('chat gpt-4o', { attributes: { 'gen_ai.request.model': 'gpt-4o' } })
      .end();
  }
  return memory.getFinishedSpans();
}

function exportAll(exporter: ClickHouseSpanExporter, spans: ReadableSpan[]): Promise<unknown> {
  return new Promise((resolve) => {
    exporter.export(spans, (result) => {
      resolve(result.code === ExportResultCode.SUCCESS ? 'stored' : result.error);
    });
  });
}

describe('ClickHouseSpanExporter materializeSkipIndexesOnInsert', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
    const result = await clickhouse.client.query({
      query,
      query_params: { database: clickhouse.database, ...params },
      format: 'JSONEachRow',
    });
    return result.json<T>();
  }

  const partIndexBytes = async (): Promise<number[]> =>
    (
      await rows<{ bytes: string }>(
        `SELECT secondary_indices_uncompressed_bytes AS bytes FROM system.parts
         WHERE database = {database:String} AND table = 'otel_traces' AND active
         ORDER BY min_block_number`,
      )
    ).map((row) => Number(row.bytes));

  it('leaves the skip indexes of its parts to the merge when false, and the spans read the same', async () => {
    const indexed = new ClickHouseSpanExporter({ clickhouse });
    const deferred = new ClickHouseSpanExporter({
      clickhouse,
      materializeSkipIndexesOnInsert: false,
    });
    const deferredSpans = recordSpans('deferred');
    expect(await exportAll(indexed, recordSpans('indexed'))).toBe('stored');
    expect(await exportAll(deferred, deferredSpans)).toBe('stored');

    const [first, second, ...others] = await partIndexBytes();
    expect(others).toEqual([]);
    expect(first).toBeGreaterThan(0);
    expect(second).toBe(0);
    // The bloom filter on TraceId is missing from that part: the lookup still finds the span.
    const traceId = deferredSpans[1]?.spanContext().traceId;
    const found = await rows<{ ScopeName: string }>(
      `SELECT ScopeName FROM {database:Identifier}.otel_traces WHERE TraceId = {traceId:String}`,
      { traceId },
    );
    expect(found).toEqual([{ ScopeName: 'deferred' }]);

    // A merge builds the merged part's indexes from all of its rows.
    await clickhouse.client.command({
      query: `OPTIMIZE TABLE \`${clickhouse.database}\`.otel_traces FINAL`,
    });
    const merged = await partIndexBytes();
    expect(merged).toHaveLength(1);
    expect(merged[0]).toBeGreaterThan(first ?? 0);
    await indexed.shutdown();
    await deferred.shutdown();
  });
});
