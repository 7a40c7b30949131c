import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseSpanExporter } from '../clickhouse-span-exporter.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { quantileInclusive, seededRandom, sum } from '../test-support/reference-statistics.js';
import { openTestClickHouse } from '../test-support/test-clickhouse.js';
import { queryTrafficSummary, type TrafficSummaryRow } from './traffic-summary.js';

const BASE_MS = Date.parse('2026-03-02T10:00:00Z');
const SERVICE_WITH_QUOTES = `billing's "api"`;

interface SeededCall {
  service: string;
  provider: string;
  model: string;
  startMs: number;
  durationMs: number;
  error: boolean;
  ttftSeconds: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreation: number;
  costUsd: number | null;
  retries: number;
}

function seedCalls(): SeededCall[] {
  const random = seededRandom(7);
  const calls: SeededCall[] = [];
  const groups = [
    ['checkout', 'openai', 'gpt-4o'],
    ['checkout', 'anthropic', 'claude-sonnet'],
    [SERVICE_WITH_QUOTES, 'openai', 'gpt-4o'],
  ] as const;
  for (const [service, provider, model] of groups) {
    for (let index = 0; index < 400; index += 1) {
      calls.push({
        service,
        provider,
        model,
        startMs: BASE_MS + Math.floor(random() * 30 * 60_000),
        durationMs: 300 + Math.floor(random() * 2_000) + random(),
        error: random() < 0.05,
        ttftSeconds: random() < 0.5 ? null : Math.round((0.05 + random()) * 1000) / 1000,
        inputTokens: Math.floor(random() * 3000),
        outputTokens: Math.floor(random() * 800),
        cacheCreation: Math.floor(random() * 64),
        costUsd: model === 'claude-sonnet' && index % 10 === 0 ? null : random() / 100,
        retries: random() < 0.1 ? 2 : 0,
      });
    }
  }
  return calls;
}

function recordSpans(calls: SeededCall[]): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  for (const service of new Set(calls.map((call) => call.service))) {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    const tracer = provider.getTracer('traffic-test');
    for (const call of calls.filter((candidate) => candidate.service === service)) {
      const attributes: Attributes = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': call.model,
        'gen_ai.usage.input_tokens': call.inputTokens,
        'gen_ai.usage.output_tokens': call.outputTokens,
        'sextant.retry.count': call.retries,
      };
      // Older instrumentations: `gen_ai.system` and the `cache_write` spelling.
      if (call.provider === 'anthropic') {
        attributes['gen_ai.system'] = call.provider;
        attributes['gen_ai.usage.cache_write.input_tokens'] = call.cacheCreation;
      } else {
        attributes['gen_ai.provider.name'] = call.provider;
        attributes['gen_ai.usage.cache_creation.input_tokens'] = call.cacheCreation;
      }
      if (call.ttftSeconds !== null) {
        attributes['gen_ai.response.time_to_first_chunk'] = call.ttftSeconds;
      }
      if (call.costUsd !== null) attributes['sextant.cost.usd'] = call.costUsd;
      const span = tracer.startSpan(`chat ${call.model}`, { startTime: call.startMs, attributes });
      if (call.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
      span.end(call.startMs + call.durationMs);
    }
    // Not LLM calls, or outside the window: never counted.
    tracer.startSpan('GET /health', { startTime: BASE_MS + 1_000 }).end(BASE_MS + 2_000);
    const early = tracer.startSpan('chat gpt-4o', {
      startTime: BASE_MS - 2 * 60_000,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
    });
    early.end(BASE_MS - 60_000);
    spans.push(...memory.getFinishedSpans());
  }
  return spans;
}

function expectedRow(calls: SeededCall[]): Omit<TrafficSummaryRow, `${string}P${number}Ms`> {
  const priced = calls.flatMap((call) => (call.costUsd === null ? [] : [call.costUsd]));
  const errors = calls.filter((call) => call.error).length;
  return {
    serviceName: calls[0]?.service ?? '',
    provider: calls[0]?.provider ?? '',
    model: calls[0]?.model ?? '',
    calls: calls.length,
    errors,
    errorRate: errors / calls.length,
    streamedCalls: calls.filter((call) => call.ttftSeconds !== null).length,
    inputTokens: sum(calls.map((call) => call.inputTokens)),
    outputTokens: sum(calls.map((call) => call.outputTokens)),
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: sum(calls.map((call) => call.cacheCreation)),
    reasoningOutputTokens: 0,
    costUsd: sum(priced),
    unpricedCalls: calls.length - priced.length,
    retries: sum(calls.map((call) => call.retries)),
  };
}

describe('queryTrafficSummary', () => {
  let clickhouse: SextantClickHouse;
  const calls = seedCalls();
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
    const exporter = new ClickHouseSpanExporter({ clickhouse });
    const result = await new Promise<ExportResult>((resolve) =>
      exporter.export(recordSpans(calls), resolve),
    );
    expect(result.code).toBe(ExportResultCode.SUCCESS);
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('matches an independent computation per service × provider × model', async () => {
    const rows = await queryTrafficSummary(clickhouse, {
      since: new Date(BASE_MS),
      until: new Date(BASE_MS + 30 * 60_000),
    });
    expect(rows.map((row) => `${row.serviceName}|${row.provider}|${row.model}`)).toEqual([
      `${SERVICE_WITH_QUOTES}|openai|gpt-4o`,
      'checkout|anthropic|claude-sonnet',
      'checkout|openai|gpt-4o',
    ]);
    for (const row of rows) {
      const group = calls.filter(
        (call) =>
          call.service === row.serviceName &&
          call.provider === row.provider &&
          call.model === row.model,
      );
      const expected = expectedRow(group);
      expect(row).toMatchObject({ ...expected, costUsd: expect.closeTo(expected.costUsd ?? 0, 9) });
      // DDSketch percentiles: within 1 % of a stored value near the exact rank; allow 2 %.
      const latencies = group.map((call) => call.durationMs);
      const ttfts = group.flatMap((call) =>
        call.ttftSeconds === null ? [] : [call.ttftSeconds * 1000],
      );
      const near = (actual: number | null, values: number[], level: number) => {
        const exact = quantileInclusive(values, level) ?? NaN;
        expect(Math.abs((actual ?? NaN) - exact) / exact, `p${String(level * 100)}`).toBeLessThan(
          0.02,
        );
      };
      near(row.latencyP50Ms, latencies, 0.5);
      near(row.latencyP95Ms, latencies, 0.95);
      near(row.latencyP99Ms, latencies, 0.99);
      near(row.timeToFirstChunkP50Ms, ttfts, 0.5);
      near(row.timeToFirstChunkP95Ms, ttfts, 0.95);
      near(row.timeToFirstChunkP99Ms, ttfts, 0.99);
    }
  });

  it('filters by service and excludes minutes outside the window', async () => {
    const billing = await queryTrafficSummary(clickhouse, {
      since: new Date(BASE_MS),
      until: new Date(BASE_MS + 30 * 60_000),
      serviceName: SERVICE_WITH_QUOTES,
    });
    expect(billing.map((row) => row.calls)).toEqual([400]);
    const early = await queryTrafficSummary(clickhouse, {
      since: new Date(BASE_MS - 10 * 60_000),
      until: new Date(BASE_MS),
    });
    expect(early.map((row) => [row.serviceName, row.calls, row.costUsd])).toEqual([
      [SERVICE_WITH_QUOTES, 1, null],
      ['checkout', 1, null],
    ]);
  });
});
