/**
 * Records every physical HTTP request an SDK makes, retries included, by wrapping the client's
 * own `fetch`. The logical call rides along in the request init under a symbol key (the SDKs
 * copy `fetchOptions` into every attempt's init), so no async-context lookup is needed and
 * requests made outside an instrumented call pass straight through. The wrapper hands the SDK
 * the very Response (or error) that fetch produced.
 */
import { inspect } from 'node:util';
import type { ActiveLlmCall } from './active-llm-call.js';
import { failedAttempt, requestBodyBytes, respondedAttempt } from './http-attempt.js';

export const CALL_MARKER = Symbol.for('sextant.instrumentation.call');
const ORIGINAL_FETCH = Symbol.for('sextant.instrumentation.original-fetch');

/** What travels in `init[CALL_MARKER]`; prints as a short tag if an SDK logs its options. */
export class CallMarker {
  constructor(readonly call: ActiveLlmCall) {}
  toJSON(): string {
    return '[sextant call]';
  }
  [inspect.custom](): string {
    return '[sextant call]';
  }
}

type FetchFunction = (input: unknown, init?: Record<PropertyKey, unknown>) => Promise<Response>;

function headerValue(headers: unknown, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  if (headers !== null && typeof headers === 'object' && !Array.isArray(headers)) {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function countStreamedBytes(response: Response, call: ActiveLlmCall): void {
  const body = response.body as (ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>) | null;
  if (body === null) return;
  const iterate = body[Symbol.asyncIterator];
  if (typeof iterate !== 'function') return;
  call.streamedResponseBytes = 0;
  const count = (result: IteratorResult<Uint8Array>) => {
    if (!result.done && result.value !== undefined) {
      call.streamedResponseBytes = (call.streamedResponseBytes ?? 0) + result.value.byteLength;
    }
  };
  const ignore = () => undefined;
  // An own property on this one stream: the SDK's SSE reader iterates it; nothing else changes.
  Object.defineProperty(body, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value(this: typeof body, ...rest: unknown[]) {
      const iterator = (iterate as (...args: unknown[]) => AsyncIterator<Uint8Array>).apply(
        this,
        rest,
      );
      const next = iterator.next;
      // The reader gets the stream's own promise (no extra step before each chunk); the count
      // runs beside it, and a rejection stays the reader's to handle. A web stream iterator's
      // next() takes no arguments.
      iterator.next = function () {
        const pending = next.call(iterator);
        pending.then(count, ignore);
        return pending;
      };
      return iterator;
    },
  });
}

/**
 * Opt-in (`countChunkedResponseBytes`): a non-streamed body without content-length is counted as
 * the SDK reads it, through own `text`/`json` on this one Response that read text and parse it
 * as fetch would.
 */
function countReadBytes(response: Response, call: ActiveLlmCall): void {
  const text = response.text;
  if (typeof text !== 'function') return;
  const readText = () =>
    text.call(response).then((body) => {
      call.streamedResponseBytes = Buffer.byteLength(body);
      return body;
    });
  const patched = response as unknown as Record<string, unknown>;
  patched['text'] = readText;
  patched['json'] = () => readText().then((body) => JSON.parse(body) as unknown);
}

function onResponse(
  call: ActiveLlmCall,
  startTime: number,
  bytes: number | null,
  response: Response,
) {
  const attempt = respondedAttempt({
    startTime,
    endTime: call.settings.now(),
    requestBodyBytes: bytes,
    status: response.status,
    headers: response.headers,
    flavor: call.headerFlavor,
  });
  call.recordAttempt(attempt);
  if (!response.ok) return;
  // The SDKs read a stream request's body as SSE whatever its content type says.
  if (call.start.stream) countStreamedBytes(response, call);
  else if (attempt.responseBodyBytes === null && call.settings.countChunkedResponseBytes) {
    countReadBytes(response, call);
  }
}

function onFailure(call: ActiveLlmCall, startTime: number, bytes: number | null, error: unknown) {
  call.recordAttempt(
    failedAttempt({ startTime, endTime: call.settings.now(), requestBodyBytes: bytes, error }),
  );
}

function recordingFetch(fetch: FetchFunction): FetchFunction {
  const wrapped = (input: unknown, init?: Record<PropertyKey, unknown>): Promise<Response> => {
    const marker = init?.[CALL_MARKER];
    if (!(marker instanceof CallMarker)) return fetch(input, init);
    const call = marker.call;
    let startTime = 0;
    let bytes: number | null = null;
    try {
      startTime = call.settings.now();
      bytes = requestBodyBytes(init?.['body']);
      // Set by the caller, so the same on every attempt: read once.
      if (call.attempts.length === 0) {
        call.clientRequestId = headerValue(init?.['headers'], 'x-client-request-id');
      }
    } catch {
      call.instrumentationErrors += 1;
    }
    let pending: Promise<Response>;
    try {
      pending = fetch(input, init);
    } catch (error) {
      call.safely(() => onFailure(call, startTime, bytes, error));
      throw error;
    }
    return Promise.resolve(pending).then(
      (response) => {
        call.safely(() => onResponse(call, startTime, bytes, response));
        return response;
      },
      (error: unknown) => {
        call.safely(() => onFailure(call, startTime, bytes, error));
        throw error;
      },
    );
  };
  Object.defineProperty(wrapped, ORIGINAL_FETCH, { value: fetch });
  return wrapped;
}

/** Wraps `client.fetch` in place, once; clients without a fetch function are left alone. */
export function recordClientFetch(client: { fetch?: unknown }): void {
  const fetch = client.fetch;
  if (typeof fetch !== 'function' || ORIGINAL_FETCH in fetch) return;
  client.fetch = recordingFetch(fetch as FetchFunction);
}

/** Request options with the call marker added to `fetchOptions`; the caller's object is not changed. */
export function withCallMarker(options: unknown, call: ActiveLlmCall): Record<string, unknown> {
  const base =
    options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : {};
  const fetchOptions = base['fetchOptions'];
  return {
    ...base,
    fetchOptions: {
      ...(fetchOptions !== null && typeof fetchOptions === 'object' ? fetchOptions : {}),
      [CALL_MARKER]: new CallMarker(call),
    },
  };
}

export function hasCallMarker(options: unknown): boolean {
  if (options === null || typeof options !== 'object') return false;
  const fetchOptions = (options as Record<string, unknown>)['fetchOptions'];
  return fetchOptions !== null && typeof fetchOptions === 'object' && CALL_MARKER in fetchOptions;
}
