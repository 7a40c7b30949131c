import type { ClickHouseClient } from '@clickhouse/client';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
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

function recordSpans(options: { service: string; count: number }): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer(options.service);
  for (let index = 0; index < options.count; index += 1) {
    tracer
      .startSpan('chat gpt-4o', {
        attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': index },
      })
      .end();
  }
  return memory.getFinishedSpans();
}

/** The same connection, with a count of the INSERT commands running at once. */
function countingCommands(clickhouse: SextantClickHouse): {
  clickhouse: SextantClickHouse;
  most: () => number;
} {
  let running = 0;
  let most = 0;
  const real = clickhouse.client;
  const client = new Proxy(real, {
    get(target, property) {
      if (property !== 'command') return Reflect.get(target, property, target) as unknown;
      return async (params: Parameters<ClickHouseClient['command']>[0]) => {
        running += 1;
        most = Math.max(most, running);
        try {
          return await real.command(params);
        } finally {
          running -= 1;
        }
      };
    },
  });
  return { clickhouse: { ...clickhouse, client }, most: () => most };
}

describe('ClickHouseSpanExporter with exports in flight at once', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  async function storedSpans(service: string): Promise<number> {
    const result = await clickhouse.client.query({
      query: `SELECT count() AS n FROM \`${clickhouse.database}\`.otel_traces WHERE ScopeName = {service:String}`,
      query_params: { service },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string }>();
    return Number(row?.n);
  }

  it('runs one INSERT at a time by default, and calls every callback exactly once', async () => {
    const counted = countingCommands(clickhouse);
    const exporter = new ClickHouseSpanExporter({ clickhouse: counted.clickhouse });
    const batches = Array.from({ length: 5 }, () =>
      recordSpans({ service: 'one-at-a-time', count: 3_000 }),
    );
    const results: ExportResult[][] = batches.map(() => []);
    // As the BatchSpanProcessor's forceFlush/shutdown does: every batch exported in one turn.
    const callbacks = batches.map(
      (spans, index) =>
        new Promise<void>((resolve) => {
          exporter.export(spans, (result) => {
            results[index]?.push(result);
            resolve();
          });
        }),
    );
    await Promise.all(callbacks);
    await exporter.forceFlush();
    expect(results.map((calls) => calls.map((result) => result.code))).toEqual(
      batches.map(() => [ExportResultCode.SUCCESS]),
    );
    expect(counted.most()).toBe(1);
    expect(await storedSpans('one-at-a-time')).toBe(15_000);
    await exporter.shutdown();
  });

  it('runs up to maxInsertsInFlight INSERTs at once when configured', async () => {
    const counted = countingCommands(clickhouse);
    const exporter = new ClickHouseSpanExporter({
      clickhouse: counted.clickhouse,
      maxInsertsInFlight: 2,
    });
    const batches = Array.from({ length: 4 }, () =>
      recordSpans({ service: 'two-at-a-time', count: 3_000 }),
    );
    const codes = await Promise.all(
      batches.map(
        (spans) =>
          new Promise<ExportResultCode>((resolve) => {
            exporter.export(spans, (result) => resolve(result.code));
          }),
      ),
    );
    expect(codes).toEqual(batches.map(() => ExportResultCode.SUCCESS));
    expect(counted.most()).toBeLessThanOrEqual(2);
    expect(await storedSpans('two-at-a-time')).toBe(12_000);
    await exporter.shutdown();
  });
});
