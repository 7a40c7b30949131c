import { ExportResultCode } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { activeParts } from './test-support/active-parts.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

describe('ClickHouseSpanExporter part format', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('writes a batch bigger than the 10 MiB ClickHouse default for Wide parts as one Compact part', async () => {
    // Migration 0005: a Wide part of otel_traces cost the engine ~1.5× the CPU of a Compact one.
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    const prompt = 'p'.repeat(6_000);
    for (let index = 0; index < 2_000; index += 1) {
      provider
        .getTracer('parts')
        .startSpan('chat gpt-4o', {
          attributes: { 'gen_ai.input.messages': `${prompt}${String(index)}` },
        })
        .end();
    }
    const exporter = new ClickHouseSpanExporter({ clickhouse });
    const outcome = await new Promise((resolve) => {
      exporter.export(memory.getFinishedSpans(), (result) => {
        resolve(result.code === ExportResultCode.SUCCESS ? 'stored' : result.error);
      });
    });
    await exporter.shutdown();
    expect(outcome).toBe('stored');

    const [part, ...others] = await activeParts(clickhouse, 'otel_traces');
    expect(others).toEqual([]);
    expect(part).toMatchObject({ format: 'Compact', rows: 2_000 });
    expect(part?.uncompressedBytes).toBeGreaterThan(10 * 1024 * 1024);
  });
});
