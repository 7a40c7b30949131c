/**
 * A `fetch` for the SDK clients the runner creates, on `node:http`/`node:https` with one
 * keep-alive agent per client sized to the calls it may have in flight. Node's built-in fetch
 * (undici) spends most of a runner's CPU on web streams, Request/Headers objects and transfer
 * bookkeeping; this one makes the same request with a plain `http.request` and resolves with a
 * `NodeHttpResponse` (see there for what it offers).
 *
 * Semantics kept from fetch, because the SDKs and the instrumentation depend on them: it resolves
 * once the response head arrives, whatever the status; a network failure rejects with
 * `TypeError('fetch failed')` whose `cause` is the socket error (with its `code`); an aborted
 * signal rejects (before the head) or fails every body read (after it) with the signal's reason;
 * redirects are followed as fetch does (`redirect: 'manual' | 'error'` honoured, 303 and POST on
 * 301/302 become GET, credentials dropped across origins — API-key headers too, which fetch
 * keeps — at most 20); a string body defaults to `text/plain;charset=UTF-8`; gzip, deflate and br
 * bodies are decoded, as leniently as fetch does (a body cut before its trailer, or an empty one,
 * is no error). It never asks for compression itself (`accept-encoding` is sent only when the
 * caller sets it).
 *
 * Requests it does not make itself go to `fallback` (the platform fetch by default) unchanged:
 * a `Request` object as input, bodies other than strings, bytes and URLSearchParams (streams,
 * Blob, FormData), non-HTTP URLs, URLs with credentials, an undici `dispatcher` in the init.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { NodeHttpBody } from './node-http-body.js';
import { NodeHttpResponse } from './node-http-response.js';

export interface NodeHttpFetchOptions {
  /** Connections per origin; give it headroom over the calls in flight (a cap, not a limiter). */
  maxSockets: number;
  /** Idle connections kept per origin (default `maxSockets`). */
  maxFreeSockets?: number;
  /**
   * An idle pooled connection is closed after this long (default 4000, undici's keep-alive
   * timeout): servers and middleboxes that drop idle flows silently (NAT, load balancers) would
   * otherwise leave sockets that swallow the next request. Busy sockets are never timed out.
   */
  idleTimeoutMs?: number;
  /** A connection (TLS handshake included) not up after this long fails (default 10000). */
  connectTimeoutMs?: number;
  /** For the requests this transport leaves alone (default: the platform's `fetch`). */
  fallback?: typeof fetch;
}

export interface NodeHttpTransport {
  fetch: typeof fetch;
  /** Closes the agents' connections. */
  close(): void;
}

interface PlannedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | null;
  redirect: NonNullable<RequestInit['redirect']>;
  signal: AbortSignal | null;
}

const MAX_REDIRECTS = 20;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
// Lenient like fetch: a body cut before the trailer, or empty, gives what it holds, not an error.
const ZLIB_LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_LENIENT = {
  flush: constants.BROTLI_OPERATION_FLUSH,
  finishFlush: constants.BROTLI_OPERATION_FLUSH,
};
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => createGunzip(ZLIB_LENIENT),
  'x-gzip': () => createGunzip(ZLIB_LENIENT),
  deflate: () => createInflate(ZLIB_LENIENT),
  br: () => createBrotliDecompress(BROTLI_LENIENT),
};
/**
 * Dropped on a redirect to another origin. Fetch drops only the first four; the API keys the
 * SDKs and suites send under their own names (Anthropic, Azure, Google) are credentials too.
 */
const CROSS_ORIGIN_DROPPED = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
];

export function createNodeHttpFetch(options: NodeHttpFetchOptions): NodeHttpTransport {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    maxFreeSockets: options.maxFreeSockets ?? options.maxSockets,
    noDelay: true,
    // Node's agent destroys a socket that times out only while it is free; on a busy one the
    // request's 'timeout' event fires, which nothing here listens to.
    timeout: options.idleTimeoutMs ?? 4000,
  };
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const plainAgent = new http.Agent(agentOptions);
  let secureAgent: https.Agent | null = null;
  const fallback = options.fallback ?? ((input, init) => globalThis.fetch(input, init));

  const send = (plan: PlannedRequest, redirects: number): Promise<NodeHttpResponse> =>
    new Promise((resolve, reject) => {
      const { signal } = plan;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const secure = plan.url.protocol === 'https:';
      let request: http.ClientRequest;
      try {
        request = (secure ? https : http).request({
          ...httpOptionsOf(plan.url),
          method: plan.method,
          headers: plan.headers,
          agent: secure ? (secureAgent ??= new https.Agent(agentOptions)) : plainAgent,
        });
      } catch (error) {
        // Thrown for headers it cannot send (invalid characters), which fetch rejects.
        reject(new TypeError('fetch failed', { cause: error }));
        return;
      }
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => {
          const error = new Error(`connect timed out after ${connectTimeoutMs} ms`);
          request.destroy(Object.assign(error, { code: 'ETIMEDOUT' }));
        }, connectTimeoutMs);
        const clear = (): void => clearTimeout(timer);
        socket.once(secure ? 'secureConnect' : 'connect', clear);
        socket.once('close', clear);
      });
      let settled = false;
      let body: NodeHttpBody | null = null;
      const onAbort = (): void => {
        if (settled) {
          body?.abort(signal?.reason);
          return;
        }
        settled = true;
        reject(signal?.reason);
        request.destroy();
      };
      const release = (): void => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => {
        // After the head, a lost connection is the body's to report.
        if (settled) return;
        settled = true;
        release();
        reject(new TypeError('fetch failed', { cause: error }));
      });
      request.on('response', (message) => {
        if (settled) {
          message.destroy();
          return;
        }
        settled = true;
        const status = message.statusCode ?? 0;
        const location = message.headers.location;
        if (REDIRECT_STATUSES.has(status) && location !== undefined && plan.redirect !== 'manual') {
          release();
          message.resume();
          try {
            if (plan.redirect === 'error') throw new Error(`unexpected redirect to ${location}`);
            if (redirects >= MAX_REDIRECTS) throw new Error('redirect count exceeded');
            resolve(send(redirectPlan(plan, status, location), redirects + 1));
          } catch (error) {
            reject(new TypeError('fetch failed', { cause: error }));
          }
          return;
        }
        if (plan.method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
          release();
          message.resume();
        } else {
          body = new NodeHttpBody({ source: decoded(message), message, onFinish: release });
        }
        resolve(new NodeHttpResponse(message, body, plan.url.href, redirects > 0));
      });
      request.end(plan.body ?? undefined);
    });

  // A client sends every request to the same URL: parsed once (a URL is never changed here).
  let lastInput: string | null = null;
  let lastUrl: URL | null = null;
  const parseUrl = (input: string): URL => {
    if (input !== lastInput || lastUrl === null) {
      lastUrl = new URL(input);
      lastInput = input;
    }
    return lastUrl;
  };

  const nodeHttpFetch = (input: unknown, init?: RequestInit): Promise<Response> => {
    let plan: PlannedRequest | null;
    try {
      plan = planRequest(input, init, parseUrl);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (plan === null) return fallback(input as Parameters<typeof fetch>[0], init);
    return send(plan, 0) as unknown as Promise<Response>;
  };

  return {
    fetch: nodeHttpFetch as typeof fetch,
    close() {
      plainAgent.destroy();
      secureAgent?.destroy();
    },
  };
}

const httpOptions = new WeakMap<URL, ReturnType<typeof urlToHttpOptions>>();

/** `urlToHttpOptions` once per URL object (the options are spread, never changed). */
function httpOptionsOf(url: URL): ReturnType<typeof urlToHttpOptions> {
  let options = httpOptions.get(url);
  if (options === undefined) {
    options = urlToHttpOptions(url);
    httpOptions.set(url, options);
  }
  return options;
}

function planRequest(
  input: unknown,
  init: RequestInit | undefined,
  parseUrl: (input: string) => URL,
): PlannedRequest | null {
  let url: URL;
  if (typeof input === 'string') url = parseUrl(input);
  else if (input instanceof URL) url = input;
  else return null;
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  if (!http || url.username !== '' || url.password !== '') return null;
  if (init !== undefined && 'dispatcher' in init) return null;
  const headers = headerRecord(init?.headers);
  if (headers === null) return null;
  const body = bodyOf(init?.body, headers);
  if (body === undefined) return null;
  const requested = init?.method ?? 'GET';
  const method = NORMALIZED_METHODS.has(requested.toUpperCase())
    ? requested.toUpperCase()
    : requested;
  // Fetch's own error for these (a GET or HEAD with a body) is the platform's to give.
  if (body !== null && (method === 'GET' || method === 'HEAD')) return null;
  if (body !== null) headers['content-length'] = String(Buffer.byteLength(body));
  else if (method === 'POST' || method === 'PUT') headers['content-length'] = '0';
  return {
    url,
    method,
    headers,
    body,
    redirect: init?.redirect ?? 'follow',
    signal: init?.signal ?? null,
  };
}

function headerRecord(init: RequestInit['headers']): Record<string, string> | null {
  const headers: Record<string, string> = {};
  const add = (name: string, value: unknown): void => {
    const key = name.toLowerCase();
    const text = String(value).trim();
    const existing = headers[key];
    headers[key] = existing === undefined ? text : `${existing}, ${text}`;
  };
  if (init === undefined || init === null) return headers;
  if (typeof init !== 'object') return null;
  // Headers (of any realm), arrays, Maps: fetch takes any iterable of pairs.
  if (Symbol.iterator in init) {
    for (const pair of init as Iterable<readonly unknown[]>) {
      if (pair.length !== 2) return null;
      add(String(pair[0]), pair[1]);
    }
    return headers;
  }
  const prototype: unknown = Object.getPrototypeOf(init);
  // A record; other objects are left to the platform fetch to read or refuse.
  if (prototype !== Object.prototype && prototype !== null) return null;
  for (const [name, value] of Object.entries(init)) add(name, value);
  return headers;
}

function bodyOf(
  body: unknown,
  headers: Record<string, string>,
): string | Buffer | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return body;
  }
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return body.toString();
  }
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return undefined;
}

function redirectPlan(plan: PlannedRequest, status: number, location: string): PlannedRequest {
  const url = new URL(location, plan.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`redirect to a URL that is not HTTP(S): ${url.protocol}`);
  const headers = { ...plan.headers };
  let { method, body } = plan;
  if (
    (status === 303 && method !== 'GET' && method !== 'HEAD') ||
    (status <= 302 && method === 'POST')
  ) {
    method = 'GET';
    body = null;
    for (const name of [
      'content-encoding',
      'content-language',
      'content-location',
      'content-type',
      'content-length',
    ])
      delete headers[name];
  }
  if (url.origin !== plan.url.origin) {
    for (const name of CROSS_ORIGIN_DROPPED) delete headers[name];
  }
  return { ...plan, url, method, headers, body };
}

/** The message, through a decoder per content coding (last applied, first undone). */
function decoded(message: http.IncomingMessage): Readable {
  const codings = (message.headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0 || !codings.every((coding) => coding in DECODERS)) return message;
  const decoders = codings
    .reverse()
    .map((coding) => (DECODERS[coding] as () => NodeJS.ReadWriteStream)());
  const streams = [message, ...decoders] as unknown as [Readable, ...NodeJS.ReadWriteStream[]];
  // Errors anywhere reach the last stream, which the body listens to.
  pipeline(streams, () => undefined);
  return decoders.at(-1) as unknown as Readable;
}
