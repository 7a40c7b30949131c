import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLlmCalls } from './collect-llm-calls.js';
import { createLlmCallCollector } from './llm-call-collector.js';
import { traceLlmCall, traceLlmStream } from './trace-llm-call.js';
import { createTestTelemetry } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

let telemetry: TestTelemetry;
afterEach(async () => {
  await telemetry.shutdown();
});

describe('traceLlmCall', () => {
  it('records a described call with extracted usage, cost and the caller as parent', async () => {
    telemetry = createTestTelemetry();
    const options = {
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
    };
    const parent = telemetry.tracerProvider.getTracer('test').startSpan('request handler');
    const result = await context.with(trace.setSpan(context.active(), parent), () =>
      traceLlmCall(
        {
          provider: 'mistral_ai',
          operation: 'chat',
          model: 'my-model',
          serverAddress: 'llm.internal',
          serverPort: 8443,
          request: { maxTokens: 64, temperature: 0.2, stopSequences: ['END'] },
          options: {
            ...options,
            prices: { 'my-model': { inputPerMillion: 1, outputPerMillion: 2 } },
          },
          extract: (response: { text: string; tokens: [number, number] }) => ({
            responseModel: 'my-model-v2',
            finishReasons: ['stop'],
            usage: { inputTokens: response.tokens[0], outputTokens: response.tokens[1] },
          }),
        },
        async () => ({ text: 'done', tokens: [1000, 500] as [number, number] }),
      ),
    );
    parent.end();
    expect(result.text).toBe('done');
    const span = telemetry.spans().find((candidate) => candidate.name === 'chat my-model');
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.attributes).toMatchObject({
      'gen_ai.provider.name': 'mistral_ai',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'my-model-v2',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'sextant.cost.known': true,
      'sextant.cost.usd': 0.002,
      'server.address': 'llm.internal',
      'server.port': 8443,
    });
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
  });

  it('passes the error through and marks the span failed', async () => {
    telemetry = createTestTelemetry();
    const failure = Object.assign(new Error('upstream said no'), { status: 503 });
    await expect(
      traceLlmCall(
        {
          provider: 'openai',
          operation: 'chat',
          model: 'm',
          options: { tracerProvider: telemetry.tracerProvider },
        },
        async () => {
          throw failure;
        },
      ),
    ).rejects.toBe(failure);
    const [span] = telemetry.spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe('503');
  });

  it("hands the call to the descriptor's collector and records its timeoutMs", async () => {
    telemetry = createTestTelemetry();
    const collector = createLlmCallCollector({ attributes: { 'eval.case': 'c7' } });
    const value = await traceLlmCall(
      {
        provider: 'openai',
        operation: 'chat',
        model: 'm',
        timeoutMs: 1500,
        collector,
        options: { tracerProvider: telemetry.tracerProvider },
        extract: () => ({ usage: { inputTokens: 7, outputTokens: 3 } }),
      },
      async () => 'answer',
    );
    expect(value).toBe('answer');
    expect(collector.calls).toHaveLength(1);
    expect(collector.calls[0]?.record).toMatchObject({
      requestModel: 'm',
      usage: { inputTokens: 7, outputTokens: 3 },
    });
    const [span] = telemetry.spans();
    expect(span?.attributes['sextant.request.timeout_ms']).toBe(1500);
    expect(span?.attributes['eval.case']).toBe('c7');
  });

  it('survives an extractor that throws and counts it', async () => {
    telemetry = createTestTelemetry();
    const value = await traceLlmCall(
      {
        provider: 'openai',
        operation: 'chat',
        model: 'm',
        options: { tracerProvider: telemetry.tracerProvider },
        extract: () => {
          throw new Error('bad shape');
        },
      },
      async () => 42,
    );
    expect(value).toBe(42);
    expect(telemetry.spans()[0]?.attributes['sextant.instrumentation.errors']).toBe(1);
  });
});

describe('traceLlmStream', () => {
  async function* chunks(count: number) {
    for (let index = 0; index < count; index += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield { index, done: index === count - 1 };
    }
  }

  it('marks the first chunk, passes chunks through and ends once at the end', async () => {
    telemetry = createTestTelemetry();
    const seen: number[] = [];
    const stream = traceLlmStream(
      {
        provider: 'openai',
        operation: 'chat',
        model: 'm',
        options: { tracerProvider: telemetry.tracerProvider },
        onChunk: (chunk, call) => {
          if (chunk.done)
            call.setOutcome({
              finishReasons: ['stop'],
              usage: { inputTokens: 3, outputTokens: 5 },
            });
        },
      },
      async () => chunks(5),
    );
    for await (const chunk of stream) seen.push(chunk.index);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    const ttft = spans[0]?.attributes['gen_ai.response.time_to_first_chunk'] as number;
    const duration = spans[0]!.duration[0] + spans[0]!.duration[1] / 1e9;
    expect(ttft).toBeGreaterThan(0);
    expect(ttft).toBeLessThan(duration);
    expect(spans[0]?.attributes['gen_ai.usage.output_tokens']).toBe(5);
  });

  it('ends once when the consumer breaks early, without usage', async () => {
    telemetry = createTestTelemetry();
    const stream = traceLlmStream(
      {
        provider: 'openai',
        operation: 'chat',
        model: 'm',
        options: { tracerProvider: telemetry.tracerProvider },
      },
      () => chunks(10),
    );
    for await (const chunk of stream) if (chunk.index === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(telemetry.spans()).toHaveLength(1);
    expect(telemetry.spans()[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(telemetry.spans()[0]?.attributes['sextant.usage.missing']).toBe(true);
  });
});

describe('collectLlmCalls', () => {
  it('collects calls with their records and defers span end to the real end time', async () => {
    telemetry = createTestTelemetry();
    const options = { tracerProvider: telemetry.tracerProvider };
    const collected = await collectLlmCalls(
      async () => {
        await traceLlmCall(
          {
            provider: 'openai',
            operation: 'chat',
            model: 'gpt-4o-mini',
            options,
            extract: () => ({ usage: { inputTokens: 10, outputTokens: 2 } }),
          },
          async () => 'answer',
        );
        return 'value';
      },
      { deferSpanEnd: true, attributes: { 'sextant.eval.case_id': 'case-7' } },
    );
    expect(collected.ok && collected.value).toBe('value');
    expect(collected.calls).toHaveLength(1);
    const [call] = collected.calls;
    expect(call?.record).toMatchObject({
      requestModel: 'gpt-4o-mini',
      usage: { inputTokens: 10, outputTokens: 2 },
      attempts: 0,
    });
    expect(call?.record.cost.known).toBe(true);
    expect(telemetry.spans()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    call?.addEvaluation({ name: 'exact', score: 1, label: 'pass' });
    call?.end();
    call?.end();
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes['sextant.eval.case_id']).toBe('case-7');
    expect(spans[0]?.events.map((event) => [event.name, event.attributes])).toContainEqual([
      'gen_ai.evaluation.result',
      {
        'gen_ai.evaluation.name': 'exact',
        'gen_ai.evaluation.score.value': 1,
        'gen_ai.evaluation.score.label': 'pass',
      },
    ]);
    const durationMs = spans[0]!.duration[0] * 1000 + spans[0]!.duration[1] / 1e6;
    expect(durationMs).toBeCloseTo(call!.record.durationMs, 3);
    expect(durationMs).toBeLessThan(25);
    expect(call?.record.traceId).toBe(spans[0]?.spanContext().traceId);
  });

  it('returns the error instead of throwing, with the calls made so far', async () => {
    telemetry = createTestTelemetry();
    const failure = new Error('scorer exploded');
    const collected = await collectLlmCalls(async () => {
      await traceLlmCall(
        {
          provider: 'openai',
          operation: 'chat',
          model: 'm',
          options: { tracerProvider: telemetry.tracerProvider },
        },
        async () => 1,
      );
      throw failure;
    });
    expect(collected).toMatchObject({ ok: false, error: failure });
    expect(collected.calls).toHaveLength(1);
    expect(collected.calls[0]?.record.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('works without any tracer provider: records with empty ids', async () => {
    telemetry = createTestTelemetry();
    const collected = await collectLlmCalls(() =>
      traceLlmCall(
        {
          provider: 'openai',
          operation: 'chat',
          model: 'm',
          extract: () => ({ usage: { inputTokens: 1, outputTokens: 1 } }),
        },
        async () => 'x',
      ),
    );
    expect(collected.calls[0]?.record).toMatchObject({
      traceId: '',
      spanId: '',
      usage: { inputTokens: 1 },
    });
  });
});
