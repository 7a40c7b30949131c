/**
 * Event streams cut and spelled in every way the SSE format allows, from a tiny node:http server
 * that writes each piece separately: the runner's client (on both transports) must read each one
 * as the `openai` SDK reads it, and the SDK is run against the same bytes to show it.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { classifyError, createRedactor } from './classify-error.js';
import { openAiProvider } from './openai-provider.js';

const KEY = 'sk-sse-test-5a4b3c2d1e0f9e8d';

function delta(content: string, finish: string | null = null): string {
  return JSON.stringify({
    id: 'chatcmpl-sse',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });
}

const usage = JSON.stringify({
  id: 'chatcmpl-sse',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [],
  usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
});

const bytes = Buffer.from(`data: ${delta('café')}\n\n`);
const splitAt = bytes.indexOf(Buffer.from('é')) + 1;

/** Each case: the pieces written one by one (a pause between them), and what must be read. */
const CASES: Record<string, { pieces: (string | Buffer)[]; output?: string; error?: RegExp }> = {
  'lines and a character split across pieces': {
    pieces: [
      'da',
      `ta: ${delta('one ')}`,
      '\n',
      '\n',
      bytes.subarray(0, splitAt),
      bytes.subarray(splitAt),
      `data: ${delta('', 'stop')}\n\ndata: [DONE]\n\n`,
    ],
    output: 'one café',
  },
  'CRLF, with CR and LF in different pieces': {
    // One event whose two data lines are parted by a CRLF cut in two: read as a blank line, the
    // LF would dispatch half an object.
    pieces: [
      'data: {"id":"c","object":"chat.completion.chunk","created":1,\r',
      '\ndata: "model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\r\n\r\n',
      `data: ${delta('b', 'stop')}\r`,
      `\n\r`,
      `\ndata: [DONE]\r\n\r\n`,
    ],
    output: 'ab',
  },
  'a byte order mark first': {
    pieces: [
      Buffer.from([0xef, 0xbb]),
      Buffer.concat([Buffer.from([0xbf]), Buffer.from(`data: ${delta('bom', 'stop')}\n\n`)]),
      'data: [DONE]\n\n',
    ],
    output: 'bom',
  },
  'CR alone': {
    pieces: [`data: ${delta('x')}\r\r`, `data: ${delta('y', 'stop')}\r`, '\rdata: [DONE]\r\r'],
    output: 'xy',
  },
  'comments, event names and other fields': {
    pieces: [
      ': keep-alive\n\n',
      `id: 1\nretry: 10\nevent: completion\ndata:${delta('no space')}\n\n`,
      `:comment\ndata: ${delta('!', 'stop')}\nunknown: field\n\n`,
      'data: [DONE]\n\n',
    ],
    output: 'no space!',
  },
  'data over several lines': {
    pieces: [
      `data: {"id":"c","object":"chat.completion.chunk","created":1,\ndata: "model":"m","choices":[{"index":0,\ndata: "delta":{"content":"joined"},"finish_reason":"stop"}]}\n\n`,
      'data: [DONE]\n\n',
    ],
    output: 'joined',
  },
  'events after [DONE] are ignored': {
    pieces: [
      `data: ${delta('kept', 'stop')}\n\n`,
      'data: [DONE]\n\n',
      `data: ${delta(' ignored')}\n\n`,
    ],
    output: 'kept',
  },
  'a stream that ends without [DONE]': {
    pieces: [`data: ${delta('no done', 'stop')}\n\n`, `data: ${usage}\n\n`],
    output: 'no done',
  },
  'an event not closed by an empty line is dropped': {
    pieces: [`data: ${delta('closed', 'stop')}\n\n`, `data: ${delta(' open')}\n`],
    output: 'closed',
  },
  'an error event': {
    pieces: [
      `data: ${delta('partial')}\n\n`,
      `event: error\ndata: {"error":{"message":"upstream overloaded for ${KEY}","type":"server_error"}}\n\n`,
    ],
    error: /^upstream overloaded for \[REDACTED\]$/,
  },
};

let server: Server;
let baseUrl: string;

beforeEach(async () => {
  server = createServer((request, response) => {
    request.resume();
    const name = decodeURIComponent(request.url?.split('/')[1] ?? '');
    const pieces = CASES[name]?.pieces;
    if (pieces === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    void (async () => {
      for (const piece of pieces) {
        response.write(piece);
        await sleep(5);
      }
      response.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function read(name: string, options: { client: 'http' | 'sdk'; transport: string }) {
  const provider = await openAiProvider.create({
    target: {
      id: 'sse',
      provider: 'openai',
      model: 'm',
      parameters: {},
      apiKeyEnv: 'SSE_KEY',
      maxRetries: 0,
      options: { baseURL: `${baseUrl}/${encodeURIComponent(name)}/v1`, ...options },
    },
    environment: { SSE_KEY: KEY },
    suiteDirectory: '.',
    prices: {},
    timeoutMs: 5000,
  });
  try {
    const response = await provider.call({
      messages: [{ role: 'user', content: 'stream' }],
      tools: [],
      responseFormat: null,
      signal: new AbortController().signal,
      vars: {},
    });
    return { output: response.output };
  } catch (error) {
    return { error: classifyError(error, createRedactor([])) };
  } finally {
    await provider.close?.();
  }
}

it.each(Object.keys(CASES))('reads %s as the SDK does', async (name) => {
  const expected = CASES[name]!;
  const sdk = await read(name, { client: 'sdk', transport: 'node-http' });
  for (const transport of ['node-http', 'fetch']) {
    const http = await read(name, { client: 'http', transport });
    if (expected.output !== undefined) {
      expect(http).toEqual({ output: expected.output });
    } else {
      expect(http.error?.type).toBe('provider_error');
      expect(http.error?.message).toMatch(expected.error!);
    }
    // The SDK reads the same; its error message is not redacted by the client (the runner's
    // redactor does that for it), so only the type is compared.
    if (expected.output !== undefined) expect(sdk).toEqual(http);
    else expect(sdk.error?.type).toBe(http.error?.type);
  }
});
