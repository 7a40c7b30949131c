import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { LlmSim } from '@sextant/llm-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import {
  OPENAI_KEY,
  everythingExported,
  openAiClient,
  startSim,
} from './test-support/sim-setup.js';
import { createTestTelemetry } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

let sim: LlmSim;
let telemetry: TestTelemetry;

afterEach(async () => {
  expect(everythingExported(telemetry.spans())).not.toContain(OPENAI_KEY.slice(8));
  await telemetry.shutdown();
  await sim.close();
});

async function setUp(
  options: { maxRetries?: number; latencyScale?: number; captureContent?: boolean } = {},
) {
  sim = await startSim({ latencyScale: options.latencyScale ?? 0 });
  telemetry = createTestTelemetry();
  return instrument(openAiClient(sim, { maxRetries: options.maxRetries ?? 2 }), {
    tracerProvider: telemetry.tracerProvider,
    ...(options.captureContent !== undefined ? { captureContent: options.captureContent } : {}),
  });
}

const messages = [
  { role: 'user' as const, content: 'Reply to jane@example.com, card 4111 1111 1111 1111.' },
];
const fault = (plan: string, retryAfter = '0.05') => ({
  headers: { 'x-sim-fault': plan, 'x-sim-retry-after': retryAfter },
});

function attemptEvents() {
  return (
    telemetry.spans()[0]?.events.filter((event) => event.name === 'sextant.http.attempt') ?? []
  );
}

describe('HTTP attempts', () => {
  it('records the SDK-internal retries the simulator saw, with retry-after and rate limits', async () => {
    const client = await setUp();
    await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      fault('rate_limit,rate_limit,none'),
    );
    expect(sim.requests.map((request) => request.status)).toEqual([429, 429, 200]);
    const events = attemptEvents();
    expect(events.map((event) => event.attributes?.['http.response.status_code'])).toEqual([
      429, 429, 200,
    ]);
    expect(events.map((event) => event.attributes?.['http.request.resend_count'])).toEqual([
      0, 1, 2,
    ]);
    expect(
      events.map((event) => event.attributes?.['sextant.response.provider_request_id']),
    ).toEqual(sim.requests.map((request) => request.requestId));
    expect(events[0]?.attributes?.['sextant.attempt.retry_after_ms']).toBe(50);
    expect(events[0]?.attributes?.['sextant.ratelimit.requests.limit']).toMatch(/^\d+$/);
    const attributes = telemetry.spans()[0]?.attributes;
    expect(attributes).toMatchObject({ 'sextant.attempt.count': 3, 'sextant.retry.count': 2 });
    // two waits of at least the announced 50 ms
    expect(attributes?.['sextant.retry.backoff_ms']).toBeGreaterThanOrEqual(95);
    expect(telemetry.spans()[0]?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks the call failed with the final status when retries run out', async () => {
    const client = await setUp({ maxRetries: 1 });
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages }, fault('server_error')),
    ).rejects.toMatchObject({ status: 500 });
    const span = telemetry.spans()[0];
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({
      'error.type': '500',
      'sextant.attempt.count': 2,
      'sextant.retry.count': 1,
    });
    expect(sim.requests).toHaveLength(2);
  });

  it('records attempts that got no response at all', async () => {
    const client = await setUp();
    await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      fault('connection_reset,none'),
    );
    const events = attemptEvents();
    expect(events).toHaveLength(2);
    expect(events[0]?.attributes?.['sextant.attempt.error']).toMatch(/Error/);
    expect(events[0]?.attributes?.['http.response.status_code']).toBeUndefined();
    expect(events[1]?.attributes?.['http.response.status_code']).toBe(200);
  });
});

describe('stream lifecycle', () => {
  it('ends the span once when the caller breaks out early', async () => {
    const client = await setUp({ latencyScale: 0.2 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
    });
    let seen = 0;
    for await (const _chunk of stream) {
      seen += 1;
      if (seen === 2) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans[0]?.attributes['sextant.usage.missing']).toBe(true);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it('ends the span once when the caller aborts through the controller', async () => {
    const client = await setUp({ latencyScale: 0.2 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
    });
    let seen = 0;
    for await (const _chunk of stream) {
      seen += 1;
      if (seen === 2) stream.controller.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(1);
    expect(telemetry.spans()[0]?.attributes['sextant.usage.missing']).toBe(true);
  });

  it.each(['stream_cut', 'malformed_chunk'])(
    'ends the span once with an error on %s',
    async (kind) => {
      const client = await setUp({ maxRetries: 0, latencyScale: 0.05 });
      let failure: unknown;
      let chunks = 0;
      try {
        const stream = await client.chat.completions.create(
          { model: 'gpt-4o-mini', messages, stream: true },
          fault(kind),
        );
        for await (const _chunk of stream) chunks += 1;
      } catch (error) {
        failure = error;
      }
      expect(chunks).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const spans = telemetry.spans();
      // a cut stream may also end cleanly without usage: both must end the span once
      expect(spans).toHaveLength(1);
      if (failure !== undefined) {
        expect(spans[0]?.status.code).toBe(SpanStatusCode.ERROR);
        expect(spans[0]?.attributes['error.type']).toBe((failure as Error).constructor.name);
      } else {
        expect(spans[0]?.attributes['sextant.usage.missing']).toBe(true);
      }
    },
  );

  it('keeps the parent from call time while the stream is read elsewhere', async () => {
    const client = await setUp();
    const tracer = telemetry.tracerProvider.getTracer('test');
    const parent = tracer.startSpan('handler');
    const stream = await context.with(trace.setSpan(context.active(), parent), () =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }),
    );
    parent.end();
    const other = tracer.startSpan('unrelated');
    await context.with(trace.setSpan(context.active(), other), async () => {
      for await (const _chunk of stream) void _chunk;
    });
    other.end();
    const call = telemetry.spans().find((span) => span.name === 'chat gpt-4o-mini');
    expect(call?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(call?.spanContext().traceId).toBe(parent.spanContext().traceId);
  });
});

describe('content capture', () => {
  it('records no content by default', async () => {
    const client = await setUp();
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const attributes = telemetry.spans()[0]?.attributes ?? {};
    expect(
      Object.keys(attributes).filter(
        (key) => key.includes('messages') || key.includes('instructions'),
      ),
    ).toEqual([]);
  });

  it('records redacted content in the conventions shape when turned on', async () => {
    const client = await setUp({ captureContent: true });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be brief.' }, ...messages],
    });
    const attributes = telemetry.spans()[0]?.attributes ?? {};
    const input = JSON.parse(attributes['gen_ai.input.messages'] as string) as unknown;
    expect(input).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      {
        role: 'user',
        parts: [{ type: 'text', content: 'Reply to [REDACTED:email], card [REDACTED:card].' }],
      },
    ]);
    const output = JSON.parse(attributes['gen_ai.output.messages'] as string) as {
      role: string;
      parts: { content: string }[];
      finish_reason: string;
    }[];
    expect(output[0]?.role).toBe('assistant');
    expect(output[0]?.finish_reason).toBe(completion.choices[0]?.finish_reason);
    expect(output[0]?.parts[0]?.content.length).toBeGreaterThan(0);
  });
});
