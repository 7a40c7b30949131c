/**
 * A call whose request signal aborts with a `TimeoutError` reason (`AbortSignal.timeout(ms)`, the
 * eval runner's own timeout) is a timeout on the span, as the SDK's own timeout is; the SDKs throw
 * their one abort class for it. Real SDK clients over real HTTP against a server that never
 * answers, or stalls after the first chunk of a stream.
 */
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import { ANTHROPIC_KEY, OPENAI_KEY } from './test-support/sim-setup.js';
import { createTestTelemetry, sextantSpans } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

type Reply = 'never' | 'stall-mid-stream';

const OPENAI_CHUNK = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }],
};
const ANTHROPIC_EVENTS = [
  [
    'message_start',
    {
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-20250514',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 5, output_tokens: 1 },
      },
    },
  ],
  [
    'content_block_start',
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ],
  [
    'content_block_delta',
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
  ],
] as const;

function startFirstChunk(response: ServerResponse, path: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  if (path.endsWith('/messages')) {
    for (const [event, data] of ANTHROPIC_EVENTS) {
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    }
  } else {
    response.write(`data: ${JSON.stringify(OPENAI_CHUNK)}\n\n`);
  }
}

let server: Server | undefined;
let telemetry: TestTelemetry;

afterEach(async () => {
  await telemetry.shutdown();
  const open = server;
  server = undefined;
  if (open !== undefined) {
    open.closeAllConnections();
    await new Promise<void>((resolve) => open.close(() => resolve()));
  }
});

/** A loopback server that answers nothing, or one stream chunk and then nothing. */
async function startServer(reply: Reply): Promise<string> {
  const started = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (reply === 'stall-mid-stream') startFirstChunk(response, request.url ?? '');
    });
  });
  server = started;
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
}

const instrumentOptions = () => {
  telemetry = createTestTelemetry();
  return { tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider };
};

async function openAi(reply: Reply): Promise<OpenAI> {
  const url = await startServer(reply);
  const client = new OpenAI({ apiKey: OPENAI_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
  return instrument(client, instrumentOptions());
}

async function anthropic(reply: Reply): Promise<Anthropic> {
  const url = await startServer(reply);
  const client = new Anthropic({
    apiKey: ANTHROPIC_KEY,
    baseURL: url,
    maxRetries: 0,
    openTelemetry: false,
  });
  return instrument(client, instrumentOptions());
}

const messages = [{ role: 'user' as const, content: 'Where is my parcel?' }];

/** Each target's call, streamed or not, with the caller's signal. */
const targets = {
  openai: async (stream: boolean, signal: AbortSignal) => {
    const client = await openAi(stream ? 'stall-mid-stream' : 'never');
    const body = { model: 'gpt-4o-mini', messages };
    if (!stream) return client.chat.completions.create(body, { signal });
    const chunks = await client.chat.completions.create({ ...body, stream: true }, { signal });
    for await (const _chunk of chunks) signal.throwIfAborted();
    return chunks;
  },
  anthropic: async (stream: boolean, signal: AbortSignal) => {
    const client = await anthropic(stream ? 'stall-mid-stream' : 'never');
    const body = { model: 'claude-sonnet-4-20250514', max_tokens: 100, messages };
    if (!stream) return client.messages.create(body, { signal });
    const events = await client.messages.create({ ...body, stream: true }, { signal });
    for await (const _event of events) signal.throwIfAborted();
    return events;
  },
};

async function onlySpan(call: () => Promise<unknown>): Promise<ReadableSpan> {
  await call().catch(() => undefined);
  // The span ends in the SDK's own rejection handlers, a turn after the caller sees the abort.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const spans = sextantSpans(telemetry);
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

describe.each(['openai', 'anthropic'] as const)('%s through instrument()', (target) => {
  it.each([false, true])('records a signal timeout as timeout (stream: %s)', async (stream) => {
    const span = await onlySpan(() => targets[target](stream, AbortSignal.timeout(50)));
    expect(span.attributes['error.type']).toBe('timeout');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('records the eval runner timeout reason (a TimeoutError DOMException) as timeout', async () => {
    const controller = new AbortController();
    setTimeout(
      () => controller.abort(new DOMException('timed out after 50 ms', 'TimeoutError')),
      50,
    );
    const span = await onlySpan(() => targets[target](false, controller.signal));
    expect(span.attributes['error.type']).toBe('timeout');
  });

  it('keeps a plain abort before the response as APIUserAbortError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const span = await onlySpan(() => targets[target](false, controller.signal));
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
  });

  it('keeps a plain abort mid-stream as a cancelled call without error.type', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const span = await onlySpan(() => targets[target](true, controller.signal));
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("leaves a caller whose options throw on reading signal with the SDK's own behaviour", async () => {
    const options = {
      get signal(): AbortSignal {
        throw new Error('no signal here');
      },
    };
    const client = target === 'openai' ? await openAi('never') : await anthropic('never');
    const call = () =>
      client instanceof OpenAI
        ? client.chat.completions.create({ model: 'gpt-4o-mini', messages }, options)
        : (client as Anthropic).messages.create(
            { model: 'claude-sonnet-4-20250514', max_tokens: 100, messages },
            options,
          );
    // The SDK reads `signal` itself and throws at once; the instrumentation adds nothing to that.
    expect(call).toThrow('no signal here');
    expect(sextantSpans(telemetry)).toHaveLength(0);
  });
});
