import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, TracerProvider } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { LlmSim } from '@sextant/llm-sim';
import { afterEach, expect, it } from 'vitest';
import { collectLlmCalls } from './collect-llm-calls.js';
import { instrument } from './instrument.js';
import type { InstrumentOptions } from './instrument-options.js';
import { createLlmCallCollector } from './llm-call-collector.js';
import { startOpenAiChatCall } from './trace-openai-chat-call.js';
import type { OpenAiChatCall } from './trace-openai-chat-call.js';
import { openAiClient, OPENAI_KEY, startSim } from './test-support/sim-setup.js';
import { createTestTelemetry } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

const sims: LlmSim[] = [];
const telemetries: TestTelemetry[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  for (const telemetry of telemetries.splice(0)) await telemetry.shutdown();
});

function telemetryFor(extra: Omit<InstrumentOptions, 'tracerProvider' | 'meterProvider'> = {}) {
  const telemetry = createTestTelemetry();
  telemetries.push(telemetry);
  const options: InstrumentOptions = {
    tracerProvider: telemetry.tracerProvider,
    meterProvider: telemetry.meterProvider,
    ...extra,
  };
  return { telemetry, options };
}

const endpoint = { baseURL: 'https://api.openai.com/v1' };
const headers = { get: (name: string) => (name === 'content-type' ? 'text/event-stream' : null) };

const chunk = (fields: Record<string, unknown>) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [],
  ...fields,
});

/** A streamed call driven by hand: one 200 attempt, two content chunks, a usage chunk, end. */
function driveStream(call: OpenAiChatCall): void {
  call.attemptResponded(call.now(), 120, { status: 200, headers });
  call.bodyBytes(300);
  call.chunk(
    chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Write to ' } }] }),
  );
  call.chunk(
    chunk({
      choices: [{ index: 0, delta: { content: 'ops@example.com' }, finish_reason: 'stop' }],
    }),
  );
  call.chunk(
    chunk({
      usage: {
        prompt_tokens: 40,
        completion_tokens: 12,
        total_tokens: 52,
        prompt_tokens_details: { cached_tokens: 30 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    }),
  );
  call.end();
}

const streamBody = {
  model: 'gpt-4o-mini',
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'Who do I mail? I am jane.doe@example.org' }],
};

it('records what instrument() records for the same call on the simulator (429, then a stream)', async () => {
  const startAlike = () =>
    startSim({ now: () => Date.UTC(2026, 10, 26) }).then((sim) => (sims.push(sim), sim));
  const [theirSim, ourSim] = [await startAlike(), await startAlike()];
  const faultHeaders = { 'x-sim-fault': 'rate_limit,none', 'x-sim-retry-after': '0' };
  const { telemetry, options } = telemetryFor({ captureContent: true });

  const sdkCollector = createLlmCallCollector();
  const client = instrument(openAiClient(theirSim), options);
  const stream = await client.chat.completions.create(
    streamBody as never,
    sdkCollector.requestOptions({ headers: faultHeaders }),
  );
  for await (const _chunk of stream as unknown as AsyncIterable<unknown>) {
    // read to the end
  }

  const ourCollector = createLlmCallCollector();
  const call = startOpenAiChatCall({
    body: streamBody,
    endpoint: { baseURL: `${ourSim.url}/v1` },
    timeoutMs: 600_000,
    collector: ourCollector,
    options,
  });
  const payload = JSON.stringify(streamBody);
  for (;;) {
    const startTime = call.now();
    const response = await fetch(`${ourSim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${OPENAI_KEY}`,
        'content-type': 'application/json',
        ...faultHeaders,
      },
      body: payload,
    });
    call.attemptResponded(startTime, Buffer.byteLength(payload), response);
    const text = await response.text();
    if (!response.ok) continue;
    call.bodyBytes(Buffer.byteLength(text));
    for (const line of text.split('\n')) {
      if (line.startsWith('data: ') && !line.startsWith('data: [DONE]'))
        call.chunk(JSON.parse(line.slice(6)) as unknown);
    }
    break;
  }
  call.end();

  const [theirs, ours] = telemetry.spans();
  const differing = new Set([
    'server.port',
    'sextant.retry.backoff_ms',
    'gen_ai.response.time_to_first_chunk',
  ]);
  const comparable = (span: ReadableSpan | undefined) => ({
    name: span?.name,
    status: span?.status.code,
    attributes: Object.fromEntries(
      Object.entries(span?.attributes ?? {}).filter(([name]) => !differing.has(name)),
    ),
    events: span?.events.map((event) => ({
      name: event.name,
      attributes: Object.fromEntries(
        Object.entries(event.attributes ?? {}).filter(
          ([name]) => name !== 'sextant.attempt.duration_ms',
        ),
      ),
    })),
  });
  expect(comparable(ours)).toEqual(comparable(theirs));
  // What the comparison covered: both attempts, the content (redacted), the usage.
  expect(ours?.attributes).toMatchObject({
    'sextant.retry.count': 1,
    'gen_ai.usage.output_tokens': expect.any(Number) as number,
  });
  expect(String(ours?.attributes['gen_ai.input.messages'])).not.toContain('jane.doe@example.org');
  expect(ours?.attributes['gen_ai.output.messages']).toEqual(expect.any(String));
  expect(ours?.events.filter((event) => event.name === 'sextant.http.attempt')).toHaveLength(2);

  const record = (value: Record<string, unknown> | undefined) => {
    const { traceId, spanId, durationMs, timeToFirstChunkMs, backoffMs, ...rest } = value ?? {};
    return {
      ...rest,
      measured: [traceId, spanId, durationMs, timeToFirstChunkMs, backoffMs].map(
        (measure) => typeof measure,
      ),
    };
  };
  expect(ourCollector.calls).toHaveLength(1);
  expect(record(ourCollector.calls[0]?.record as unknown as Record<string, unknown>)).toEqual(
    record(sdkCollector.calls[0]?.record as unknown as Record<string, unknown>),
  );
});

it('reads usage details, content on and off, and counts streamed body bytes', async () => {
  for (const captureContent of [true, false]) {
    const { telemetry, options } = telemetryFor({ captureContent });
    driveStream(startOpenAiChatCall({ body: streamBody, endpoint, timeoutMs: 5000, options }));
    const [span] = telemetry.spans();
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toMatchObject({
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.usage.cache_read.input_tokens': 30,
      'sextant.response.body_bytes': 300,
      'sextant.request.timeout_ms': 5000,
      'server.address': 'api.openai.com',
    } satisfies Attributes);
    const content = [
      span?.attributes['gen_ai.input.messages'],
      span?.attributes['gen_ai.output.messages'],
    ];
    if (captureContent) {
      expect(String(content[0])).toContain('Who do I mail?');
      expect(String(content[0])).not.toContain('jane.doe@example.org');
      expect(String(content[1])).toContain('Write to ');
      expect(String(content[1])).not.toContain('ops@example.com');
    } else {
      expect(content).toEqual([undefined, undefined]);
    }
  }
});

it('counts a whole body only with countChunkedResponseBytes, and reads the completion', () => {
  const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
  const completion = {
    id: 'chatcmpl-2',
    object: 'chat.completion',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
  };
  for (const countChunkedResponseBytes of [false, true]) {
    const { telemetry, options } = telemetryFor({ countChunkedResponseBytes });
    const call = startOpenAiChatCall({ body, endpoint, options });
    expect(call.countsBodyBytes).toBe(countChunkedResponseBytes);
    call.attemptResponded(call.now(), 50, { status: 200, headers });
    if (call.countsBodyBytes) call.bodyBytes(210);
    call.completion(completion);
    call.end();
    const [span] = telemetry.spans();
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBe(1);
    expect(span?.attributes['sextant.response.body_bytes']).toBe(
      countChunkedResponseBytes ? 210 : undefined,
    );
  }
});

it('ends once, with the error type, and records a failed attempt', () => {
  const { telemetry, options } = telemetryFor();
  const call = startOpenAiChatCall({ body: streamBody, endpoint, options });
  const timeout = Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' });
  call.attemptFailed(call.now(), 120, timeout);
  call.end(timeout);
  call.end();
  call.end(new Error('later'));
  const spans = telemetry.spans();
  expect(spans).toHaveLength(1);
  expect(spans[0]?.status).toMatchObject({
    code: SpanStatusCode.ERROR,
    message: 'Request timed out.',
  });
  expect(spans[0]?.attributes['error.type']).toBe('timeout');
  expect(spans[0]?.events.map((event) => event.attributes?.['sextant.attempt.error'])).toEqual([
    'TimeoutError',
  ]);
});

it('never throws into the caller: a tracer that fails gives a call that records nothing', () => {
  const broken: TracerProvider = {
    getTracer() {
      throw new Error('tracer provider is broken');
    },
  };
  const call = startOpenAiChatCall({
    body: streamBody,
    endpoint,
    options: { tracerProvider: broken },
  });
  expect(call.countsBodyBytes).toBe(false);
  expect(typeof call.now()).toBe('number');
  expect(() => {
    call.attemptResponded(call.now(), 1, { status: 200, headers });
    call.attemptFailed(call.now(), 1, new Error('refused'));
    call.bodyBytes(10);
    call.chunk({});
    call.completion({});
    call.end(new Error('x'));
    call.end();
  }).not.toThrow();
});

it('counts a chunk or header that breaks the reader on the span instead of throwing', () => {
  const { telemetry, options } = telemetryFor();
  const call = startOpenAiChatCall({ body: streamBody, endpoint, options });
  const exploding = {
    get(): string | null {
      throw new Error('header reader broke');
    },
  };
  const hostile = Object.defineProperty({}, 'choices', {
    get() {
      throw new Error('chunk getter broke');
    },
  });
  expect(() => {
    call.attemptResponded(call.now(), 1, { status: 200, headers: exploding });
    call.chunk(hostile);
    call.completion(hostile);
    call.end();
  }).not.toThrow();
  const [span] = telemetry.spans();
  expect(span?.attributes['sextant.instrumentation.errors']).toBeGreaterThanOrEqual(2);
});

it('hands the call to its collector (deferred span end) and to a collectLlmCalls block around it', async () => {
  const { telemetry, options } = telemetryFor();
  const collector = createLlmCallCollector({
    deferSpanEnd: true,
    attributes: { 'eval.case': 'c1' },
  });
  const ambient = await collectLlmCalls(async () => {
    const call = startOpenAiChatCall({ body: streamBody, endpoint, collector, options });
    driveStream(call);
    return 'done';
  });
  expect(collector.calls).toHaveLength(1);
  expect(ambient.calls).toHaveLength(1);
  const [collected] = collector.calls;
  expect(collected?.record).toMatchObject({
    requestModel: 'gpt-4o-mini',
    usage: {
      inputTokens: 40,
      outputTokens: 12,
      cacheReadInputTokens: 30,
      reasoningOutputTokens: 5,
    },
    errorType: null,
  });
  // Deferred: the span ends when the collector's holder says so, with the call's attributes.
  expect(telemetry.spans()).toHaveLength(0);
  collected?.addEvaluation({ name: 'contains', score: 1 });
  collected?.end();
  const [span] = telemetry.spans();
  expect(span?.attributes['eval.case']).toBe('c1');
  expect(span?.events.map((event) => event.name)).toContain('gen_ai.evaluation.result');
});
