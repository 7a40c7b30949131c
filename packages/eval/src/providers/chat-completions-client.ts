/**
 * The runner's own client for the Chat Completions API (`openai` targets with `client: http`):
 * what the `openai` SDK does for `chat.completions.create`, without its per-call machinery.
 * `POST {baseURL}/chat/completions` through a fetch-like function, retried as the SDK retries
 * (connection errors, 408, 409, 429, 5xx, `x-should-retry`; waits from `retry-after-ms`, then
 * `retry-after` in seconds or as an HTTP date, else the SDK's exponential backoff with jitter),
 * every response reported to `onResponse`, a stream read as server-sent events. The timeout
 * covers the whole call, waits between attempts included, and the caller's signal aborts it; both
 * also end a stream being read (the SDK ends such a stream quietly, as if complete). A retry
 * whose wait would outlast the timeout is not waited for: the call fails with that response.
 * The caller's abort is `AbortError`, as the SDK reports it, unless its reason is named
 * `TimeoutError` (the runner's own timeout, `AbortSignal.timeout`): that is the call's timeout,
 * reported as the client's own timeout is. A caller whose signal already aborts the call when
 * its timeout runs out says so (`deadlineCovered`); the client then uses that signal as it is,
 * without a controller, timer and listener of its own (≈ 15 us a call). Errors are
 * the classes of `chat-completions-errors.ts`, with the API key redacted from their messages.
 * Each call is a span recorded through `startOpenAiChatCall`, in the caller's collector.
 */
import { StringDecoder } from 'node:string_decoder';
import { context } from '@opentelemetry/api';
import { startOpenAiChatCall } from '@sextant/instrumentation';
import type { InstrumentOptions, LlmCallCollector, OpenAiChatCall } from '@sextant/instrumentation';
import { completionResponse, StreamedResponse } from './chat-completion-response.js';
import {
  ChatCompletionsAbortError,
  ChatCompletionsConnectionError,
  ChatCompletionsStreamError,
  ChatCompletionsTimeoutError,
  errorMessage,
  statusError,
} from './chat-completions-errors.js';
import { MIN_REDACTED_SECRET_LENGTH } from './classify-error.js';
import { NodeHttpResponse } from './node-http-response.js';
import { observeResponse } from './observing-fetch.js';
import type { ProviderResponse, ResponseObservation } from './provider.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';
import { SseDecoder } from './sse-decoder.js';

type Fetch = typeof globalThis.fetch;

export interface ChatCompletionsClientOptions {
  /** Resolved base URL (`https://api.openai.com/v1` or the server's). */
  baseURL: string;
  /** Every request's headers (authorization, organization, the target's), lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** Redacted from every error message. */
  apiKey: string | null;
  fetch: Fetch;
  maxRetries: number;
  timeoutMs: number;
  onResponse?: ((observation: ResponseObservation) => void) | undefined;
  instrument: InstrumentOptions;
  /** Jitter of the default backoff (default `Math.random`). */
  random?: () => number;
  /** Epoch milliseconds, for `retry-after` dates (default `Date.now`). */
  now?: () => number;
}

export interface ChatCompletionsRequest {
  /** The request body; `stream: true` reads the answer as a stream. */
  body: Record<string, unknown>;
  signal: AbortSignal;
  /** True when `signal` aborts the call once `timeoutMs` has run out (the client sets no timer). */
  deadlineCovered?: boolean | undefined;
  collector?: LlmCallCollector | undefined;
}

export class ChatCompletionsClient {
  private readonly url: string;
  private readonly endpoint: { readonly baseURL: string };
  private readonly clientRequestId: string | null;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: ChatCompletionsClientOptions) {
    const { baseURL } = options;
    // As the SDK joins them (so a base URL with a query string breaks the same way).
    this.url = new URL(
      baseURL + (baseURL.endsWith('/') ? 'chat/completions' : '/chat/completions'),
    ).toString();
    this.endpoint = { baseURL };
    this.clientRequestId = options.headers['x-client-request-id'] ?? null;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  async create(request: ChatCompletionsRequest): Promise<ProviderResponse> {
    const { body, signal } = request;
    const { timeoutMs } = this.options;
    const call = startOpenAiChatCall({
      body,
      endpoint: this.endpoint,
      timeoutMs,
      clientRequestId: this.clientRequestId,
      collector: request.collector,
      options: this.options.instrument,
    });
    // One signal for the call. When the caller's does not cover the timeout, a controller that
    // the caller's signal and the timeout both abort, each with its own reason.
    let controller: AbortController | null = null;
    let abort: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    if (request.deadlineCovered !== true) {
      const own = new AbortController();
      abort = () => own.abort(callerAbortError(signal.reason, timeoutMs));
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
      timer = setTimeout(() => {
        own.abort(new ChatCompletionsTimeoutError(`Request timed out after ${timeoutMs} ms.`));
      }, timeoutMs);
      controller = own;
    }
    const callSignal = controller === null ? signal : controller.signal;
    try {
      const response = await this.send({
        payload: JSON.stringify(body),
        signal: callSignal,
        call,
        deadline: this.now() + timeoutMs,
      });
      if (body['stream'] === true) {
        const streamed = await this.readStream(response, call);
        call.end();
        return streamed;
      }
      const completion = await this.readCompletion(response, call);
      call.end();
      return completionResponse(completion);
    } catch (error) {
      const failure = !callSignal.aborted
        ? error
        : controller === null
          ? callerAbortError(signal.reason, timeoutMs)
          : (controller.signal.reason as unknown);
      call.end(failure);
      throw failure;
    } finally {
      if (timer !== null) clearTimeout(timer);
      if (abort !== null) signal.removeEventListener('abort', abort);
    }
  }

  /** Attempts until a 2xx response (returned) or a final failure (thrown). */
  private async send(request: {
    payload: string;
    signal: AbortSignal;
    call: OpenAiChatCall;
    /** When the call's timeout runs out, on `now`'s clock. */
    deadline: number;
  }): Promise<Response> {
    const { payload, signal, call } = request;
    const { maxRetries, headers } = this.options;
    const bytes = Buffer.byteLength(payload);
    const init = { method: 'POST', headers, body: payload, signal };
    for (let retriesRemaining = maxRetries; ; retriesRemaining -= 1) {
      // As the SDK: a call aborted before an attempt makes no request and records no attempt.
      if (signal.aborted) throw signal.reason as Error;
      const startTime = call.now();
      let response: Response;
      try {
        response = await context.with(call.context, this.options.fetch, undefined, this.url, init);
      } catch (error) {
        call.attemptFailed(startTime, bytes, error);
        if (signal.aborted || retriesRemaining <= 0) throw connectionFailure(error);
        await wait(
          retryDelayMs({ headers: null, retriesRemaining, maxRetries, ...this.clock() }),
          signal,
        );
        continue;
      }
      const head = {
        status: response.status,
        headers: response instanceof NodeHttpResponse ? response.fields : response.headers,
      };
      call.attemptResponded(startTime, bytes, head);
      observeResponse(this.options.onResponse, head);
      if (response.ok) return response;
      const delay =
        retriesRemaining > 0 && shouldRetry(head)
          ? retryDelayMs({ headers: head.headers, retriesRemaining, maxRetries, ...this.clock() })
          : null;
      // A wait the timeout would cut short fails now with this response (a 429 is a rate
      // limit, not a timeout), instead of holding the caller's slot until the timer fires.
      if (delay !== null && delay < request.deadline - this.now()) {
        // The body is not needed; cancelling it keeps a connection that has it all.
        await Promise.resolve(response.body?.cancel()).catch(() => undefined);
        await wait(delay, signal);
        continue;
      }
      const text = await response.text().catch((error: unknown) => errorText(error));
      throw statusError(response.status, this.redact(text), head.headers.get('x-request-id'));
    }
  }

  private clock(): { random: () => number; now: () => number } {
    return { random: this.random, now: this.now };
  }

  private async readStream(response: Response, call: OpenAiChatCall): Promise<ProviderResponse> {
    const body = response.body as AsyncIterable<Uint8Array> | null;
    if (body === null) throw new Error('Attempted to iterate over a response with no body');
    const streamed = new StreamedResponse();
    let done = false;
    const decoder = new SseDecoder((_event, data) => {
      // Events after [DONE] are read (the connection stays usable) and ignored, as the SDK does.
      if (done) return;
      if (data.startsWith('[DONE]')) {
        done = true;
        return;
      }
      const chunk = JSON.parse(data) as { error?: unknown } | null;
      if (chunk?.error) {
        throw new ChatCompletionsStreamError({
          error: chunk.error,
          message: this.redact(errorMessage(undefined, chunk.error, undefined)),
        });
      }
      call.chunk(chunk);
      streamed.add(chunk);
    });
    // StringDecoder keeps a character split between pieces whole, at a third of TextDecoder's cost.
    const text = new StringDecoder('utf8');
    const counts = call.countsBodyBytes;
    for await (const bytes of body) {
      if (counts) call.bodyBytes(bytes.byteLength);
      decoder.push(text.write(bytes as Buffer));
    }
    decoder.push(text.end());
    decoder.end();
    return streamed.response();
  }

  private async readCompletion(response: Response, call: OpenAiChatCall): Promise<unknown> {
    const contentType = (
      response instanceof NodeHttpResponse ? response.fields : response.headers
    ).get('content-type');
    const text = await response.text();
    if (call.countsBodyBytes) call.bodyBytes(Buffer.byteLength(text));
    const mediaType = contentType?.split(';')[0]?.trim();
    if (
      mediaType === undefined ||
      !(mediaType.includes('application/json') || mediaType.endsWith('+json'))
    )
      throw new Error(`expected a JSON response, got content type ${contentType ?? '(none)'}`);
    const completion = JSON.parse(text) as unknown;
    call.completion(completion);
    return completion;
  }

  private redact(text: string): string {
    const key = this.options.apiKey;
    return key === null || key.length < MIN_REDACTED_SECRET_LENGTH || !text.includes(key)
      ? text
      : text.split(key).join('[REDACTED]');
  }
}

/** A failed attempt as the SDK reports it: a timeout when it says so, else a connection error. */
function connectionFailure(error: unknown): Error {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const description = String(error) + (cause === undefined ? '' : String(cause));
  if ((error as Error | null)?.name === 'AbortError' || /timed? ?out/i.test(description))
    return new ChatCompletionsTimeoutError('Request timed out.', { cause: error });
  return new ChatCompletionsConnectionError('Connection error.', { cause: error });
}

/** The caller's abort: a timeout when its reason says so (`TimeoutError`), else an abort. */
function callerAbortError(reason: unknown, timeoutMs: number): Error {
  return (reason as { name?: unknown } | null)?.name === 'TimeoutError'
    ? new ChatCompletionsTimeoutError(`Request timed out after ${timeoutMs} ms.`, { cause: reason })
    : new ChatCompletionsAbortError('Request was aborted.');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits `milliseconds`, or rejects with the signal's reason as soon as it aborts. */
function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
