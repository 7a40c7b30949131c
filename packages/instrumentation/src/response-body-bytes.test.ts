/**
 * `sextant.response.body_bytes`: from `content-length` when the server sends it, counted for
 * streams, and counted for chunked JSON bodies only with `countChunkedResponseBytes` (reading
 * them costs more than the rest of the wrapper). Exact byte counts, multi-byte text included.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import type { InstrumentOptions } from './instrument-options.js';
import { startCraftedServer } from './test-support/crafted-server.js';
import type { CraftedReply, CraftedServer } from './test-support/crafted-server.js';
import { createTestTelemetry, sextantSpans } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

const completionBody = JSON.stringify({
  id: 'chatcmpl-bytes',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  // Multi-byte characters: bytes, not string length, are what counts.
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Grüße, 世界' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
});
const BODY_BYTES = Buffer.byteLength(completionBody);

let server: CraftedServer;
let reply: CraftedReply;
let telemetry: TestTelemetry;

beforeAll(async () => {
  server = await startCraftedServer(() => reply);
  telemetry = createTestTelemetry();
});
afterAll(async () => {
  await telemetry.shutdown();
  await server.close();
});

function client(options: InstrumentOptions = {}) {
  return instrument(
    new OpenAI({ apiKey: 'sk-bytes-test', baseURL: `${server.url}/v1`, maxRetries: 0 }),
    { tracerProvider: telemetry.tracerProvider, ...options },
  );
}

const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'x' }] };

function lastSpanBytes(): unknown {
  return sextantSpans(telemetry).at(-1)?.attributes['sextant.response.body_bytes'];
}

describe('sextant.response.body_bytes', () => {
  it('takes content-length when the server sends it', async () => {
    reply = {
      headers: { 'content-type': 'application/json', 'content-length': String(BODY_BYTES) },
      chunks: [completionBody],
    };
    const completion = await client().chat.completions.create(body);
    expect(completion.choices[0]?.message.content).toBe('Grüße, 世界');
    expect(lastSpanBytes()).toBe(BODY_BYTES);
  });

  it('leaves a chunked JSON body uncounted by default, and the response untouched', async () => {
    // Two writes without content-length: Node sends them chunked.
    const half = Math.floor(completionBody.length / 2);
    reply = {
      headers: { 'content-type': 'application/json' },
      chunks: [completionBody.slice(0, half), completionBody.slice(half)],
    };
    const completion = await client().chat.completions.create(body);
    expect(completion.choices[0]?.message.content).toBe('Grüße, 世界');
    expect(lastSpanBytes()).toBeUndefined();
    expect(sextantSpans(telemetry).at(-1)?.attributes['gen_ai.usage.input_tokens']).toBe(9);
  });

  it('counts a chunked JSON body exactly with countChunkedResponseBytes', async () => {
    const half = Math.floor(completionBody.length / 2);
    reply = {
      headers: { 'content-type': 'application/json' },
      chunks: [completionBody.slice(0, half), completionBody.slice(half)],
    };
    const wrapped = client({ countChunkedResponseBytes: true });
    const completion = await wrapped.chat.completions.create(body);
    expect(completion).toEqual(JSON.parse(completionBody));
    expect(lastSpanBytes()).toBe(BODY_BYTES);
    const { data, response } = await wrapped.chat.completions.create(body).withResponse();
    expect(data.id).toBe('chatcmpl-bytes');
    expect(response.status).toBe(200);
    expect(lastSpanBytes()).toBe(BODY_BYTES);
  });

  it('counts a streamed body as the SDK reads it, without the option', async () => {
    const frames = [
      `data: ${JSON.stringify({ id: 's', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: '世界' }, finish_reason: null }], usage: null })}\n\n`,
      `data: ${JSON.stringify({ id: 's', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null })}\n\n`,
      `data: ${JSON.stringify({ id: 's', object: 'chat.completion.chunk', model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`,
      'data: [DONE]\n\n',
    ];
    reply = { headers: { 'content-type': 'text/event-stream' }, chunks: frames };
    const stream = await client().chat.completions.create({ ...body, stream: true });
    const contents: string[] = [];
    for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    expect(contents).toEqual(['世界', '']);
    expect(lastSpanBytes()).toBe(frames.reduce((sum, frame) => sum + Buffer.byteLength(frame), 0));
  });
});
