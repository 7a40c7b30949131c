/**
 * Malformed bodies and streams from a crafted server: the instrumented client must behave
 * exactly like the raw client (same values or same errors), and every call must still end its
 * span exactly once.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import { startCraftedServer } from './test-support/crafted-server.js';
import type { CraftedReply, CraftedServer } from './test-support/crafted-server.js';
import { createTestTelemetry, sextantSpans } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

const json = (body: string, status = 200): CraftedReply => ({
  status,
  headers: { 'content-type': 'application/json' },
  chunks: [body],
});
const sse = (frames: (string | Uint8Array)[], destroy = false): CraftedReply => ({
  headers: { 'content-type': 'text/event-stream' },
  chunks: frames,
  destroy,
});
const chunk = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const good = {
  id: 'c',
  object: 'chat.completion.chunk',
  model: 'm',
  choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
};

const NON_STREAMING: [string, CraftedReply][] = [
  ['truncated JSON', json('{"id":"x","choices":[')],
  ['JSON null', json('null')],
  ['JSON array', json('[1,2,3]')],
  ['JSON string', json('"just text"')],
  [
    'wrong types everywhere',
    json(
      '{"id":5,"model":["m"],"choices":"nope","usage":{"prompt_tokens":"many","completion_tokens":-3}}',
    ),
  ],
  [
    'usage with NaN-like values',
    json(
      '{"id":"x","choices":[{"finish_reason":7}],"usage":{"prompt_tokens":1e400,"prompt_tokens_details":null}}',
    ),
  ],
  [
    'empty body',
    {
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': '0' },
      chunks: [],
    },
  ],
  ['plain text', { status: 200, headers: { 'content-type': 'text/plain' }, chunks: ['hello'] }],
  [
    'HTML page',
    { status: 200, headers: { 'content-type': 'text/html' }, chunks: ['<html>oops</html>'] },
  ],
  [
    '400 with a non-JSON body',
    { status: 400, headers: { 'content-type': 'text/plain' }, chunks: ['bad'] },
  ],
  [
    '400 with a JSON error',
    json(
      '{"error":{"message":"bad key sk-proj-abcdefghijklmnopqrstuvwxyz","type":"invalid_request_error"}}',
      400,
    ),
  ],
  [
    'body cut mid-way',
    {
      status: 200,
      headers: { 'content-type': 'application/json', 'content-length': '500' },
      chunks: ['{"id":"x",'],
      destroy: true,
    },
  ],
];

const STREAMING: [string, (includeUsage: boolean) => CraftedReply][] = [
  [
    'invalid JSON in a data line',
    () => sse([chunk(good), 'data: {not json}\n\n', 'data: [DONE]\n\n']),
  ],
  ['data: null', () => sse(['data: null\n\n', chunk(good), 'data: [DONE]\n\n'])],
  [
    'choices null and odd fields',
    () => sse([chunk({ id: 1, model: null, choices: null, usage: 'lots' }), 'data: [DONE]\n\n']),
  ],
  [
    'an error object mid-stream',
    () => sse([chunk(good), chunk({ error: { message: 'overloaded' } })]),
  ],
  ['no [DONE], socket destroyed', () => sse([chunk(good), 'data: {"id":"c","choi'], true)],
  [
    'usage chunk with strings',
    (includeUsage) =>
      sse([
        chunk(good),
        ...(includeUsage ? [chunk({ id: 'c', choices: [], usage: { prompt_tokens: 'x' } })] : []),
        'data: [DONE]\n\n',
      ]),
  ],
  [
    'comments, blank events and CRLF',
    () =>
      sse([
        ': keep-alive\r\n\r\n',
        'event: \r\n\r\n',
        chunk(good).replace(/\n/g, '\r\n'),
        'data: [DONE]\r\n\r\n',
      ]),
  ],
  ['binary garbage', () => sse([new Uint8Array([0xff, 0xfe, 0x00, 0x0a, 0x0a]), chunk(good)])],
];

const ANTHROPIC_STREAMING: [string, CraftedReply][] = [
  [
    'message_start without message',
    sse([
      'event: message_start\ndata: {"type":"message_start"}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ]),
  ],
  [
    'usage as strings',
    sse([
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":"ten"},"content":[]}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":5},"usage":{"output_tokens":null}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ]),
  ],
  [
    'error event',
    sse([
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n',
    ]),
  ],
  ['invalid JSON', sse(['event: message_start\ndata: {oops\n\n'])],
];

type Outcome =
  { ok: true; value: unknown } | { ok: false; name: string; message: string; status: unknown };

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const failure = error as Error & { status?: unknown };
    return {
      ok: false,
      name: failure.constructor.name,
      message: failure.message,
      status: failure.status,
    };
  }
}

async function drain(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

let server: CraftedServer;
let reply: (request: { body: string }) => CraftedReply;
let telemetry: TestTelemetry;

beforeAll(async () => {
  server = await startCraftedServer((request) => reply(request));
  telemetry = createTestTelemetry();
});
afterAll(async () => {
  await telemetry.shutdown();
  await server.close();
});

function openAiPair() {
  const make = () =>
    new OpenAI({
      apiKey: 'sk-proj-fuzzkey0123456789abcdef',
      baseURL: `${server.url}/v1`,
      maxRetries: 0,
    });
  return {
    raw: make(),
    wrapped: instrument(make(), { tracerProvider: telemetry.tracerProvider, captureContent: true }),
    // Reads bodies without content-length itself (text + JSON.parse): must fail the same way.
    counting: instrument(make(), {
      tracerProvider: telemetry.tracerProvider,
      countChunkedResponseBytes: true,
    }),
  };
}

function spansSoFar() {
  return sextantSpans(telemetry).length;
}

describe('fuzz: the wrapped client behaves exactly like the raw client', () => {
  it.each(NON_STREAMING)('non-streaming: %s', async (_name, crafted) => {
    reply = () => crafted;
    const { raw, wrapped, counting } = openAiPair();
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'x' }] };
    const before = spansSoFar();
    const expected = await outcomeOf(() => raw.chat.completions.create(body));
    const actual = await outcomeOf(() => wrapped.chat.completions.create(body));
    expect(actual).toEqual(expected);
    expect(spansSoFar()).toBe(before + 1);
    const counted = await outcomeOf(() => counting.chat.completions.create(body));
    expect(counted).toEqual(expected);
    expect(spansSoFar()).toBe(before + 2);
  });

  it.each(STREAMING)('streaming: %s', async (_name, craft) => {
    reply = (request) =>
      craft(
        (JSON.parse(request.body) as { stream_options?: { include_usage?: boolean } })
          .stream_options?.include_usage === true,
      );
    const { raw, wrapped } = openAiPair();
    const body = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'x' }],
      stream: true as const,
    };
    const before = spansSoFar();
    const expected = await outcomeOf(async () => drain(await raw.chat.completions.create(body)));
    const actual = await outcomeOf(async () => drain(await wrapped.chat.completions.create(body)));
    expect(actual).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(spansSoFar()).toBe(before + 1);
  });

  it.each(ANTHROPIC_STREAMING)('anthropic streaming: %s', async (_name, crafted) => {
    reply = () => crafted;
    const make = () =>
      new Anthropic({
        apiKey: 'sk-ant-fuzzkey0123456789abcdef',
        baseURL: server.url,
        maxRetries: 0,
        openTelemetry: false,
      });
    const raw = make();
    const wrapped = instrument(make(), { tracerProvider: telemetry.tracerProvider });
    const body = {
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 10,
      messages: [{ role: 'user' as const, content: 'x' }],
      stream: true as const,
    };
    const before = spansSoFar();
    const expected = await outcomeOf(async () => drain(await raw.messages.create(body)));
    const actual = await outcomeOf(async () => drain(await wrapped.messages.create(body)));
    expect(actual).toEqual(expected);
    expect(spansSoFar()).toBe(before + 1);
  });

  it('seeded byte mutations of a valid stream', async () => {
    let seed = 1234567;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const valid = Buffer.from(
      [
        chunk(good),
        chunk({ ...good, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
        'data: [DONE]\n\n',
      ].join(''),
    );
    const { raw, wrapped } = openAiPair();
    const body = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'x' }],
      stream: true as const,
    };
    for (let round = 0; round < 40; round += 1) {
      const mutated = Buffer.from(valid);
      for (let flips = 0; flips < 3; flips += 1)
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      const cut = random() < 0.3 ? Math.floor(random() * mutated.length) : mutated.length;
      reply = () => sse([mutated.subarray(0, cut)]);
      const expected = await outcomeOf(async () => drain(await raw.chat.completions.create(body)));
      const actual = await outcomeOf(async () =>
        drain(await wrapped.chat.completions.create(body)),
      );
      expect(actual, `round ${round}`).toEqual(expected);
    }
  });

  it('never lets an API key reach a span', () => {
    const spans = sextantSpans(telemetry);
    // The rounds above must have produced spans, or this check would pass on nothing.
    expect(spans.length).toBeGreaterThan(0);
    const exported = JSON.stringify(
      spans.map((span) => [span.attributes, span.status, span.events]),
    );
    expect(exported).not.toContain('fuzzkey');
    expect(exported).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });
});
