import type { LlmSim } from '@sextant/llm-sim';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { Stream } from 'openai/streaming';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import { createTestTelemetry } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';
import {
  OPENAI_KEY,
  everythingExported,
  openAiClient,
  spanDurationSeconds,
  startSim,
} from './test-support/sim-setup.js';

let sim: LlmSim;
let telemetry: TestTelemetry;

afterEach(async () => {
  expect(everythingExported(telemetry.spans())).not.toContain(OPENAI_KEY.slice(8));
  await telemetry.shutdown();
  await sim.close();
});

async function setUp(options: Parameters<typeof startSim>[0] = {}) {
  sim = await startSim(options);
  telemetry = createTestTelemetry();
  const client = instrument(openAiClient(sim), {
    tracerProvider: telemetry.tracerProvider,
    meterProvider: telemetry.meterProvider,
  });
  return client;
}

const messages = [{ role: 'user' as const, content: 'Say hello to the team.' }];

describe('instrument(openai) chat.completions', () => {
  it('records a non-streaming call with usage, cost, ids, rate limits and one attempt', async () => {
    const client = await setUp();
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      max_tokens: 50,
      temperature: 0.3,
      seed: 4,
      stop: ['\n\n'],
    });
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    const [request] = sim.requests;
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.seed': 4,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.stream': false,
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': [completion.choices[0]?.finish_reason],
      'gen_ai.usage.input_tokens': completion.usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens':
        completion.usage?.prompt_tokens_details?.cached_tokens,
      'server.address': '127.0.0.1',
      'server.port': sim.port,
      'sextant.attempt.count': 1,
      'sextant.retry.count': 0,
      'sextant.response.provider_request_id': request?.requestId,
      'sextant.cost.known': true,
    });
    expect(span?.attributes['sextant.cost.usd']).toBeGreaterThan(0);
    expect(span?.attributes['sextant.ratelimit.requests.remaining']).toMatch(/^\d+$/);
    expect(span?.attributes['sextant.request.body_bytes']).toBeGreaterThan(50);
    // The simulator sends JSON chunked, like the API: not counted unless asked (next test).
    expect(span?.attributes['sextant.response.body_bytes']).toBeUndefined();
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
    expect(span?.attributes['gen_ai.input.messages']).toBeUndefined();
    // one successful attempt is described by the span itself, without attempt events
    expect(span?.attributes['http.response.status_code']).toBe(200);
    expect(span?.events).toEqual([]);
  });

  it('counts the chunked response body when asked to', async () => {
    sim = await startSim();
    telemetry = createTestTelemetry();
    const client = instrument(openAiClient(sim), {
      tracerProvider: telemetry.tracerProvider,
      countChunkedResponseBytes: true,
    });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    // The simulator writes JSON.stringify(body); parsing and re-serialising gives the same bytes.
    expect(telemetry.spans()[0]?.attributes['sextant.response.body_bytes']).toBe(
      Buffer.byteLength(JSON.stringify(completion)),
    );
  });

  it('records reasoning tokens inside the output count', async () => {
    const client = await setUp();
    const completion = await client.chat.completions.create({ model: 'o3-mini', messages });
    const reasoning = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(telemetry.spans()[0]?.attributes).toMatchObject({
      'gen_ai.usage.reasoning.output_tokens': reasoning,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens,
    });
  });

  it('streams exactly what the raw client sees while asking for and hiding usage', async () => {
    const client = await setUp();
    // A second simulator with the same seed answers the raw client exactly as the first answers us.
    const rawSim = await startSim();
    const raw = openAiClient(rawSim);
    const body = { model: 'gpt-4o-mini', messages, stream: true as const };
    const rawChunks = [];
    for await (const chunk of await raw.chat.completions.create(body)) rawChunks.push(chunk);
    await rawSim.close();
    const stream = await client.chat.completions.create(body);
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const shape = (list: typeof chunks) =>
      list.map(({ id: _id, created: _created, ...rest }) => rest);
    expect(shape(chunks)).toEqual(shape(rawChunks));
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    const span = telemetry.spans()[0];
    expect(span?.attributes['gen_ai.request.stream']).toBe(true);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span?.attributes['sextant.usage.missing']).toBeUndefined();
  });

  it('keeps a caller-requested usage chunk and reports the usage', async () => {
    const client = await setUp();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(telemetry.spans()[0]?.attributes['gen_ai.usage.input_tokens']).toBe(
      last?.usage?.prompt_tokens,
    );
  });

  it('says usage is missing when the caller turned it off, without inventing numbers', async () => {
    const client = await setUp();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: false },
    });
    for await (const _chunk of stream) void _chunk;
    const span = telemetry.spans()[0];
    expect(span?.attributes['sextant.usage.missing']).toBe(true);
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span?.attributes['sextant.cost.known']).toBeUndefined();
  });

  it('measures time to first chunk below the duration for streams', async () => {
    const client = await setUp({ latencyScale: 1 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
    });
    for await (const _chunk of stream) void _chunk;
    const span = telemetry.spans()[0]!;
    const ttft = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
    // The simulator sends the role chunk before its simulated TTFT, so only the order is checked.
    expect(ttft).toBeGreaterThan(0);
    expect(ttft).toBeLessThan(spanDurationSeconds(span));
    const metrics = await telemetry.collectMetrics();
    const names = metrics.flatMap((resource) =>
      resource.scopeMetrics.flatMap((scope) =>
        scope.metrics.map((metric) => metric.descriptor.name),
      ),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'gen_ai.client.operation.duration',
        'gen_ai.client.operation.time_to_first_chunk',
        'gen_ai.client.token.usage',
        'sextant.client.cost',
      ]),
    );
  });

  it('keeps tee(), withResponse() and asResponse() working', async () => {
    const client = await setUp();
    const { data, response, request_id } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toBe(sim.requests[0]?.requestId);
    expect(data.choices).toHaveLength(1);
    const rawResponse = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages })
      .asResponse();
    const json = (await rawResponse.json()) as { id: string };
    expect(json.id).toMatch(/./);
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
    });
    const [left, right] = stream.tee();
    const leftChunks = [];
    for await (const chunk of left) leftChunks.push(chunk);
    const rightChunks = [];
    for await (const chunk of right) rightChunks.push(chunk);
    expect(rightChunks).toEqual(leftChunks);
    expect(telemetry.spans()).toHaveLength(3);
    expect(telemetry.spans().every((span) => span.status.code === SpanStatusCode.UNSET)).toBe(true);
  });
});

describe('instrument(openai) responses and embeddings', () => {
  it('records responses.create, streaming and not', async () => {
    const client = await setUp();
    const response = await client.responses.create({
      model: 'gpt-4o',
      input: 'Summarise the incident.',
      max_output_tokens: 80,
    });
    expect(response.output_text.length).toBeGreaterThan(0);
    const stream = await client.responses.create({
      model: 'gpt-4o',
      input: 'Summarise the incident.',
      stream: true,
    });
    const types = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
    const [plain, streamed] = telemetry.spans();
    expect(plain?.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 80,
      'gen_ai.response.id': response.id,
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': response.usage?.input_tokens,
      'gen_ai.usage.output_tokens': response.usage?.output_tokens,
    });
    expect(streamed?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(streamed?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('records embeddings with input tokens only', async () => {
    const client = await setUp();
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
    });
    expect(result.data[0]?.embedding).toHaveLength(1536);
    const span = telemetry.spans()[0];
    expect(span?.name).toBe('embeddings text-embedding-3-small');
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(result.usage.prompt_tokens);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(span?.attributes['sextant.cost.known']).toBe(true);
  });
});

describe('instrument(openai) leaves other things alone', () => {
  it('returns non-clients unchanged and keeps the client identity', async () => {
    const client = await setUp();
    const thing = { chat: 'not a client' };
    expect(instrument(thing)).toBe(thing);
    const options = { tracerProvider: telemetry.tracerProvider };
    expect(instrument(client, options)).toBe(client);
    // instrumenting again replaces the wrapper instead of stacking a second span
    expect(instrument(client, options)).toBe(client);
    const derived = client.withOptions({ timeout: 5000 });
    await derived.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(telemetry.spans()).toHaveLength(1);
    expect(telemetry.spans()[0]?.attributes['sextant.request.timeout_ms']).toBe(5000);
    expect(client).toBeInstanceOf(OpenAI);
  });
});
