import { getEventListeners } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import OpenAI from 'openai';
import { afterEach, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch.js';
import type { NodeHttpTransport } from './node-http-fetch.js';
import { observingFetch } from './observing-fetch.js';

// How the transport's pooled sockets come back, expire and recover, seen from a plain node:http
// server that counts its connections, through the OpenAI SDK where the SDK's own habits matter.

const MODEL = JSON.stringify({ id: 'm', object: 'model', created: 0, owned_by: 'me' });

interface Server {
  baseURL: string;
  connections: Socket[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  handle: (request: http.IncomingMessage, response: http.ServerResponse, index: number) => void,
): Promise<Server> {
  let requests = 0;
  const connections: Socket[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => handle(request, response, requests++));
  });
  // No `Keep-Alive: timeout=` hint and no idle timeout, like the API front ends the runner talks to.
  server.keepAliveTimeout = 0;
  server.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result = {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    connections,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  cleanups.push(() => result.close());
  return result;
}

function transportOf(options: Parameters<typeof createNodeHttpFetch>[0]): NodeHttpTransport {
  const transport = createNodeHttpFetch(options);
  cleanups.push(() => transport.close());
  return transport;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

it('gives the socket back when the SDK never reads a body (a JSON 200 with content-length 0)', async () => {
  const server = await serve((_request, response, index) => {
    if (index === 0) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(MODEL);
    }
  });
  const { fetch } = transportOf({ maxSockets: 1 });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, fetch, maxRetries: 0 });
  expect(await client.models.retrieve('a', { timeout: 1500 })).toBeUndefined();
  expect((await client.models.retrieve('b', { timeout: 1500 })).id).toBe('m');
  expect(server.connections).toHaveLength(1);
});

it('keeps a call alive when the response observer throws', async () => {
  const server = await serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(MODEL);
  });
  const { fetch } = transportOf({ maxSockets: 1 });
  const observed: number[] = [];
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: server.baseURL,
    maxRetries: 0,
    fetch: observingFetch({
      fetch,
      onResponse: (observation) => {
        observed.push(observation.status);
        throw new Error('observer bug');
      },
    }),
  });
  expect((await client.models.retrieve('a', { timeout: 1500 })).id).toBe('m');
  expect((await client.models.retrieve('b', { timeout: 1500 })).id).toBe('m');
  expect(observed).toEqual([200, 200]);
});

it('reads ahead of nobody only a bounded amount: a large body stalls the server', async () => {
  const total = 64 * 1024 * 1024;
  let written = 0;
  const server = await serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024);
    const write = (): void => {
      while (written < total) {
        written += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', write);
          return;
        }
      }
      response.end();
    };
    write();
  });
  const { fetch } = transportOf({ maxSockets: 1 });
  const response = await fetch(`${server.baseURL}/large`);
  await sleep(300);
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(16 * 1024 * 1024);
  await response.body?.cancel();
});

it('closes idle sockets after the idle timeout, so a connection a middlebox dropped is not reused', async () => {
  const lastAnswered = new Map<Socket, number>();
  const server = await serve((request, response) => {
    const answered = lastAnswered.get(request.socket);
    // A flow idle this long was dropped on the way: what is sent on it goes nowhere.
    if (answered !== undefined && Date.now() - answered > 150) return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(MODEL);
    lastAnswered.set(request.socket, Date.now());
  });
  const { fetch } = transportOf({ maxSockets: 4, idleTimeoutMs: 100 });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, fetch, maxRetries: 0 });
  await client.models.retrieve('a', { timeout: 1000 });
  await sleep(300);
  expect(server.connections[0]?.destroyed).toBe(true);
  expect((await client.models.retrieve('b', { timeout: 1000 })).id).toBe('m');
  expect(server.connections).toHaveLength(2);
});

it('leaves a busy socket alone past the idle timeout: a stream with long pauses is read whole', async () => {
  const server = await serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write('data: 1\n\n');
    setTimeout(() => response.write('data: 2\n\n'), 250);
    setTimeout(() => response.end('data: [DONE]\n\n'), 500);
  });
  const { fetch } = transportOf({ maxSockets: 1, idleTimeoutMs: 100 });
  const response = await fetch(`${server.baseURL}/stream`);
  expect(await response.text()).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
  expect(await (await fetch(`${server.baseURL}/again`)).text()).toContain('data: 1');
  expect(server.connections).toHaveLength(1);
});

it('gives up on a connection whose TLS handshake never completes after the connect timeout', async () => {
  // Accepts TCP and never answers, like a black-holed or overloaded front end.
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const held: Socket[] = [];
  silent.on('connection', (socket: Socket) => held.push(socket));
  cleanups.push(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
  const { fetch } = transportOf({ maxSockets: 1, connectTimeoutMs: 200 });
  const started = Date.now();
  const failure = await fetch(`https://127.0.0.1:${(silent.address() as AddressInfo).port}/`, {
    signal: AbortSignal.timeout(3000),
  }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(TypeError);
  // The SDKs classify a cause that says "timed out" as a timeout, and retry it.
  expect(String((failure as { cause: unknown }).cause)).toMatch(/timed out/);
  expect(Date.now() - started).toBeLessThan(2000);
});

it('keeps the connection when the SDK cancels a retried 429 whose body has arrived', async () => {
  const attempts = new Map<string, number>();
  const server = await serve((request, response) => {
    const attempt = attempts.get(request.url ?? '') ?? 0;
    attempts.set(request.url ?? '', attempt + 1);
    if (attempt % 4 !== 3) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '5' });
      response.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(MODEL);
    }
  });
  const { fetch } = transportOf({ maxSockets: 2 });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, fetch, maxRetries: 3 });
  for (let call = 0; call < 3; call += 1) {
    const pair = await Promise.all([client.models.retrieve('a'), client.models.retrieve('b')]);
    expect(pair.map((model) => model.id)).toEqual(['m', 'm']);
  }
  // 24 requests, 18 of them retried 429s, over at most one connection per call in flight.
  expect([...attempts.values()]).toEqual([12, 12]);
  expect(server.connections.length).toBeLessThanOrEqual(2);
});

it('recovers when the server closes a reused socket as the request arrives (the SDK retries)', async () => {
  const served = new Map<Socket, number>();
  const server = await serve((request, response) => {
    const count = (served.get(request.socket) ?? 0) + 1;
    served.set(request.socket, count);
    // The server timed the idle connection out just as the request came: closed, unanswered.
    if (count === 2) {
      request.socket.destroy();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(MODEL);
  });
  const { fetch } = transportOf({ maxSockets: 1 });
  const direct = await fetch(`${server.baseURL}/models/a`);
  await direct.text();
  const reused = await fetch(`${server.baseURL}/models/b`).catch((error: unknown) => error);
  expect(reused).toBeInstanceOf(TypeError);
  expect((reused as { cause: { code: string } }).cause.code).toBe('ECONNRESET');

  const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL, fetch, maxRetries: 1 });
  expect((await client.models.retrieve('c', { timeout: 1000 })).id).toBe('m');
  expect((await client.models.retrieve('d', { timeout: 1000 })).id).toBe('m');
  // Each connection served one request, then met its second one closed: reuse every time.
  expect([...served.values()]).toEqual([2, 2, 1]);
});

it('drops the connection of a stream left early, releases its abort listener, and goes on', async () => {
  const server = await serve((request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    // The first request's stream never ends: only dropping its connection frees the pool.
    if (request.url?.endsWith('/endless') === true) response.write('data: 1\n\n');
    else response.end('data: done\n\n');
  });
  const { fetch } = transportOf({ maxSockets: 1 });
  const controller = new AbortController();
  const response = await fetch(`${server.baseURL}/endless`, { signal: controller.signal });
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    expect(Buffer.from(chunk).toString()).toBe('data: 1\n\n');
    break;
  }
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  const next = await fetch(`${server.baseURL}/next`, { signal: AbortSignal.timeout(1000) });
  expect(await next.text()).toBe('data: done\n\n');
  expect(server.connections).toHaveLength(2);
});
