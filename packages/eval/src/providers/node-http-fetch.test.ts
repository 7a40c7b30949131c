import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch.js';
import type { NodeHttpTransport } from './node-http-fetch.js';
import type { NodeHttpResponse } from './node-http-response.js';

const UNICODE = 'héllo → 世界 🙂';
const LARGE = 'x'.repeat(5 * 1024 * 1024);
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`__fixtures__/${name}`, import.meta.url)));

function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://local');
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const status = Number(url.searchParams.get('status') ?? 200);
    if (url.pathname === '/repeated') {
      // Raw fields as a server may send them: repeated, in mixed case, alongside single ones.
      response.writeHead(200, [
        ['Content-Type', 'application/json'],
        ['X-RateLimit-Remaining-Requests', '9'],
        ['Retry-After', '1'],
        ['X-Multi', 'a'],
        ['x-multi', 'b'],
        ['Content-Type', 'text/plain'],
      ]);
      response.end('{}');
    } else if (url.pathname === '/echo') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, body, headers: request.headers }));
    } else if (url.pathname === '/json') {
      // A multi-byte character split across two chunks.
      const bytes = Buffer.from(JSON.stringify({ text: UNICODE }));
      const cut = bytes.indexOf(Buffer.from('世')) + 1;
      response.writeHead(status, {
        'content-type': 'application/json',
        'retry-after': '2',
        'x-request-id': 'req_1',
      });
      response.write(bytes.subarray(0, cut));
      setTimeout(() => response.end(bytes.subarray(cut)), 5);
    } else if (url.pathname === '/sse') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      setTimeout(() => response.write('data: 2\n\n'), 5);
      setTimeout(() => response.end('data: [DONE]\n\n'), 10);
    } else if (url.pathname === '/stall') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
    } else if (url.pathname === '/cut') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      setTimeout(() => response.socket?.destroy(), 5);
    } else if (url.pathname === '/large') {
      response.end(LARGE);
    } else if (url.pathname === '/gzip') {
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      const gzipped = gzipSync(JSON.stringify({ text: UNICODE }));
      // As proxies send them: without the trailer, or an empty body labelled gzip.
      const cut = url.searchParams.get('cut');
      response.end(
        cut === 'trailer' ? gzipped.subarray(0, -8) : cut === 'all' ? Buffer.alloc(0) : gzipped,
      );
    } else if (url.pathname === '/redirect') {
      response.writeHead(status, { location: url.searchParams.get('to') ?? '/echo' });
      response.end('moved');
    } else if (url.pathname === '/empty') {
      response.writeHead(204);
      response.end();
    } else if (url.pathname !== '/hang') {
      response.writeHead(404);
      response.end('no such route');
    }
  });
}

let server: http.Server;
let other: http.Server;
let base: string;
let otherBase: string;
let connections = 0;
let transport: NodeHttpTransport;

async function listen(target: http.Server): Promise<string> {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  server = http.createServer(handle);
  server.on('connection', () => (connections += 1));
  other = http.createServer(handle);
  base = await listen(server);
  otherBase = await listen(other);
  transport = createNodeHttpFetch({ maxSockets: 4 });
});

afterAll(async () => {
  transport.close();
  server.closeAllConnections();
  other.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => other.close(resolve));
});

/** What a caller can see of a response, for comparing with the platform fetch. */
async function observe(response: Response) {
  const headers = [...response.headers.entries()].filter(
    ([name]) => !['date', 'keep-alive', 'connection'].includes(name),
  );
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    redirected: response.redirected,
    url: response.url,
    headers,
    text: await response.text(),
  };
}

describe('createNodeHttpFetch', () => {
  it('answers as the platform fetch does: statuses, headers, bodies, redirects, encodings', async () => {
    const requests: [string, RequestInit][] = [
      ['/json', {}],
      ...[400, 401, 429, 500, 503].map((status): [string, RequestInit] => [
        `/json?status=${status}`,
        {},
      ]),
      ['/sse', {}],
      ['/large', {}],
      ['/gzip', {}],
      ['/gzip?cut=trailer', {}],
      ['/gzip?cut=all&status=429', {}],
      ['/empty', { method: 'POST' }],
      ['/missing', {}],
      ['/echo', { method: 'post', body: UNICODE, headers: { 'x-one': 'a' } }],
      ['/echo', { method: 'PUT', body: new TextEncoder().encode('bytes') }],
      ['/echo', { method: 'POST', body: new URLSearchParams({ a: '1 2' }) }],
      ['/redirect?status=307', { method: 'POST', body: 'kept' }],
      ['/redirect?status=303', { method: 'POST', body: 'dropped' }],
      ['/redirect?status=302', { method: 'POST', body: 'dropped' }],
      ['/redirect?status=301', { method: 'POST', body: 'kept?', redirect: 'manual' }],
    ];
    for (const [path, init] of requests) {
      const ours = await observe(await transport.fetch(`${base}${path}`, init));
      const platform = await observe(await fetch(`${base}${path}`, init));
      // The platform fetch asks for compression and names itself; nothing else may differ.
      for (const seen of [ours, platform]) {
        if (!seen.text.startsWith('{"method"')) continue;
        const echoed = JSON.parse(seen.text) as { headers: Record<string, string> };
        for (const name of [
          'accept',
          'accept-encoding',
          'accept-language',
          'sec-fetch-mode',
          'user-agent',
          'connection',
        ])
          delete echoed.headers[name];
        // Header order on the wire differs; so does the echo's length.
        echoed.headers = Object.fromEntries(Object.entries(echoed.headers).sort());
        seen.text = JSON.stringify(echoed);
        seen.headers = seen.headers.filter(([name]) => name !== 'content-length');
      }
      expect({ path, ...ours }).toEqual({ path, ...platform });
    }
    const utf8 = (await (await transport.fetch(`${base}/json`)).json()) as { text: string };
    expect(utf8.text).toBe(UNICODE);
    expect(
      (await transport.fetch(`${base}/large`).then((response) => response.arrayBuffer()))
        .byteLength,
    ).toBe(LARGE.length);
  });

  it('drops credentials on a cross-origin redirect and keeps them on the same origin', async () => {
    const headers = {
      authorization: 'Bearer secret',
      'x-api-key': 'secret',
      'api-key': 'secret',
      'x-kept': 'yes',
    };
    const echoed = async (to: string) =>
      (await (
        await transport.fetch(`${base}/redirect?status=307&to=${encodeURIComponent(to)}`, {
          headers,
        })
      ).json()) as {
        headers: Record<string, string>;
      };
    const elsewhere = (await echoed(`${otherBase}/echo`)).headers;
    // Fetch drops only authorization; the API-key headers of Anthropic and Azure are kept here too.
    for (const name of ['authorization', 'x-api-key', 'api-key'])
      expect(elsewhere).not.toHaveProperty(name);
    expect(elsewhere['x-kept']).toBe('yes');
    const here = (await echoed('/echo')).headers;
    expect([here['authorization'], here['x-api-key'], here['api-key']]).toEqual([
      'Bearer secret',
      'secret',
      'secret',
    ]);
    await expect(
      transport.fetch(`${base}/redirect?status=307`, { redirect: 'error' }),
    ).rejects.toThrow(TypeError);
  });

  it('iterates a stream chunk by chunk, and reads a body only once', async () => {
    const response = await transport.fetch(`${base}/sse`);
    const body = response.body as unknown as AsyncIterable<Uint8Array>;
    let text = '';
    for await (const chunk of body) text += Buffer.from(chunk).toString();
    expect(text).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
    await expect(response.text()).rejects.toThrow(/already been read/);
    expect(response.bodyUsed).toBe(true);

    // Reads asked for before the chunks arrive are answered in order, none lost.
    const reader = (await transport.fetch(`${base}/sse`)).body?.getReader();
    const reads = [reader?.read(), reader?.read(), reader?.read(), reader?.read()];
    const texts = (await Promise.all(reads)).map((read) =>
      read?.done === false ? Buffer.from(read.value).toString() : null,
    );
    expect(texts).toEqual(['data: 1\n\n', 'data: 2\n\n', 'data: [DONE]\n\n', null]);
  });

  it('reads header fields without Headers exactly as Headers.get reads them', async () => {
    const names = [
      'content-type',
      'x-ratelimit-remaining-requests',
      'retry-after',
      'x-multi',
      'x-absent',
    ];
    const response = (await transport.fetch(`${base}/repeated`)) as unknown as NodeHttpResponse;
    const platform = await fetch(`${base}/repeated`);
    const read = (headers: { get(name: string): string | null }) =>
      names.map((name) => headers.get(name));
    expect(read(response.fields)).toEqual(read(platform.headers));
    expect(read(response.fields)).toEqual(['application/json, text/plain', '9', '1', 'a, b', null]);
    expect(read(response.headers)).toEqual(read(platform.headers));
    await response.text();
  });

  it('sends headers given as any iterable of pairs, as fetch does (a Map, say)', async () => {
    const init = { headers: new Map([['authorization', 'Bearer secret']]) } as unknown;
    const echoed = (await (await transport.fetch(`${base}/echo`, init as RequestInit)).json()) as {
      headers: Record<string, string>;
    };
    expect(echoed.headers['authorization']).toBe('Bearer secret');
  });

  it('rejects with the signal reason before the head and fails reads with it after', async () => {
    const before = new AbortController();
    const pending = transport.fetch(`${base}/hang`, { signal: before.signal });
    const reason = new Error('stop now');
    setTimeout(() => before.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);

    const during = new AbortController();
    const response = await transport.fetch(`${base}/stall`, { signal: during.signal });
    const iterator = (response.body as unknown as AsyncIterable<Uint8Array>)[
      Symbol.asyncIterator
    ]();
    expect((await iterator.next()).done).toBe(false);
    const read = iterator.next();
    during.abort();
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });

    const already = new AbortController();
    already.abort();
    await expect(transport.fetch(`${base}/json`, { signal: already.signal })).rejects.toMatchObject(
      {
        name: 'AbortError',
      },
    );
  });

  it('reports network failures as fetch does: TypeError with the socket error as cause', async () => {
    const closed = http.createServer();
    const url = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const refused = await transport.fetch(`${url}/`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as Error).message).toBe('fetch failed');
    expect((refused as { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');

    const response = await transport.fetch(`${base}/cut`);
    const cut = await response.text().catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(TypeError);
    expect((cut as { cause: { code: string } }).cause.code).toBe('ECONNRESET');
  });

  it('reuses connections', async () => {
    // A stale socket the server closed is in node-http-connection-reuse.test.ts.
    const single = createNodeHttpFetch({ maxSockets: 1 });
    try {
      const before = connections;
      for (let index = 0; index < 5; index += 1) await (await single.fetch(`${base}/json`)).json();
      expect(connections - before).toBe(1);
    } finally {
      single.close();
    }
  });

  it('hands what it does not make itself to the fallback, unchanged', async () => {
    const seen: unknown[] = [];
    const fallback = createNodeHttpFetch({
      maxSockets: 1,
      fallback: async (input, init) => {
        seen.push(init?.body ?? input);
        return fetch(input, init);
      },
    });
    const blob = new Blob(['blob body']);
    const request = new Request(`${base}/echo`);
    await (await fallback.fetch(`${base}/echo`, { method: 'POST', body: blob })).text();
    await (await fallback.fetch(request)).text();
    expect(seen).toEqual([blob, request]);
    fallback.close();
  });

  it('speaks TLS through node:https and verifies the certificate', async () => {
    const secure = https.createServer(
      { key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') },
      handle,
    );
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/json`;
    try {
      // Untrusted here: refused like the platform fetch refuses it.
      const ours = await transport.fetch(url).catch((error: unknown) => error);
      const platform = await fetch(url).catch((error: unknown) => error);
      expect((ours as { cause: { code: string } }).cause.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect((platform as { cause: { code: string } }).cause.code).toBe(
        'DEPTH_ZERO_SELF_SIGNED_CERT',
      );
      // Trusted in a process that is given the certificate.
      const child = spawn(
        process.execPath,
        [
          fileURLToPath(new URL('../test-support/run-typescript.mjs', import.meta.url)),
          fileURLToPath(new URL('../test-support/fetch-once-child.ts', import.meta.url)),
        ],
        {
          env: {
            ...process.env,
            NODE_EXTRA_CA_CERTS: fileURLToPath(
              new URL('__fixtures__/localhost-cert.pem', import.meta.url),
            ),
            SEXTANT_FETCH_URL: url,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await new Promise((resolve) => child.on('exit', resolve));
      expect(JSON.parse(output.trim())).toEqual({ status: 200, body: { text: UNICODE } });
    } finally {
      secure.closeAllConnections();
      await new Promise((resolve) => secure.close(resolve));
    }
  });
});
