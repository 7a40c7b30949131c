/**
 * `startOpenAiChatCall(options)`: the span, metrics and call record of one Chat Completions call
 * made without the `openai` SDK (the eval runner's own HTTP client), the same as `instrument()`
 * records for `client.chat.completions.create(body)` on a client with the same base URL: request
 * attributes read from the body, provider name and server from the base URL, each HTTP attempt
 * (status, retry-after, request ids, rate limits, body bytes), the response or the stream's
 * chunks, the timeout. The caller reports what happens, in order, through plain method calls:
 * no wrapper, async context or promise per chunk. It never throws into the caller; a failure
 * inside is counted on the span (`sextant.instrumentation.errors`).
 */
import { context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ActiveLlmCall } from './active-llm-call.js';
import { failedAttempt, respondedAttempt } from './http-attempt.js';
import type { InstrumentOptions } from './instrument-options.js';
import { callCollector } from './llm-call-collector.js';
import type { LlmCallCollector } from './llm-call-collector.js';
import { openAiChatCompletions } from './operations/openai-chat-completions.js';
import type { StreamReader } from './operations/sdk-operation.js';
import { settingsFor } from './trace-llm-call.js';
import { startOperationCall } from './start-operation-call.js';

export interface OpenAiChatCallOptions {
  /** The request body as sent (`model`, `stream`, parameters, messages). */
  body: Record<string, unknown>;
  /**
   * Where the call goes. Keep one object per client and pass it to every call: what is read
   * from it (server address and port, provider name) is cached on it.
   */
  endpoint: { readonly baseURL: string };
  timeoutMs?: number;
  /** The `x-client-request-id` header the request carries, if any. */
  clientRequestId?: string | null;
  collector?: LlmCallCollector | undefined;
  options?: InstrumentOptions;
}

interface HeaderReader {
  get(name: string): string | null;
}

export interface OpenAiChatCall {
  /** The span's context, for the HTTP request (so HTTP instrumentation nests below the call). */
  readonly context: Context;
  /** True when `bodyBytes` counts: always for a stream, else with `countChunkedResponseBytes`. */
  readonly countsBodyBytes: boolean;
  /** The instrumentation's clock, for an attempt's start time. */
  now(): number;
  attemptResponded(
    startTime: number,
    requestBodyBytes: number | null,
    response: { status: number; headers: HeaderReader },
  ): void;
  /** An attempt that got no response (connection refused or reset, timeout, abort). */
  attemptFailed(startTime: number, requestBodyBytes: number | null, error: unknown): void;
  /** Bytes of the successful response's body, as they are read. */
  bodyBytes(count: number): void;
  /** One parsed stream chunk, in order; the first one is the time to first chunk. */
  chunk(chunk: unknown): void;
  /** The parsed body of a call that did not stream. */
  completion(completion: unknown): void;
  /** Ends the call, with the error the caller is about to throw if it failed; once. */
  end(error?: unknown): void;
}

class TracedChatCall implements OpenAiChatCall {
  private readonly reader: StreamReader | null;
  readonly countsBodyBytes: boolean;

  constructor(private readonly call: ActiveLlmCall) {
    const { settings, start } = call;
    this.reader = start.stream
      ? openAiChatCompletions.createStreamReader({
          captureContent: settings.captureContent,
          injectedUsage: false,
        })
      : null;
    this.countsBodyBytes = start.stream || settings.countChunkedResponseBytes;
  }

  get context(): Context {
    return this.call.context;
  }

  now(): number {
    return this.call.settings.now();
  }

  attemptResponded(
    startTime: number,
    requestBodyBytes: number | null,
    response: { status: number; headers: HeaderReader },
  ): void {
    const { call } = this;
    call.safely(() => {
      const attempt = respondedAttempt({
        startTime,
        endTime: call.settings.now(),
        requestBodyBytes,
        status: response.status,
        headers: response.headers,
        flavor: call.headerFlavor,
      });
      call.recordAttempt(attempt);
      // The body counted is the last successful attempt's (only the last one can succeed).
      const ok = response.status >= 200 && response.status <= 299;
      if (ok && this.countsBodyBytes) call.streamedResponseBytes = 0;
    });
  }

  attemptFailed(startTime: number, requestBodyBytes: number | null, error: unknown): void {
    const { call } = this;
    call.safely(() =>
      call.recordAttempt(
        failedAttempt({ startTime, endTime: call.settings.now(), requestBodyBytes, error }),
      ),
    );
  }

  bodyBytes(count: number): void {
    const { call } = this;
    if (call.streamedResponseBytes !== null) call.streamedResponseBytes += count;
  }

  chunk(chunk: unknown): void {
    const { call } = this;
    if (call.firstChunkTime === null) call.markFirstChunk();
    try {
      this.reader?.read(chunk);
    } catch {
      call.instrumentationErrors += 1;
    }
  }

  completion(completion: unknown): void {
    const { call } = this;
    call.safely(() =>
      call.setOutcome(openAiChatCompletions.readResponse(completion, call.settings.captureContent)),
    );
  }

  end(error?: unknown): void {
    const { call, reader } = this;
    if (call.finished) return;
    if (reader !== null) call.safely(() => call.setOutcome(reader.outcome()));
    call.finish(error === undefined ? { kind: 'complete' } : { kind: 'error', error });
  }
}

/** Given when the span could not be started: the caller's call still runs, unrecorded. */
const detachedCall: OpenAiChatCall = {
  get context() {
    return context.active();
  },
  countsBodyBytes: false,
  now: () => Date.now(),
  attemptResponded() {},
  attemptFailed() {},
  bodyBytes() {},
  chunk() {},
  completion() {},
  end() {},
};

export function startOpenAiChatCall(options: OpenAiChatCallOptions): OpenAiChatCall {
  try {
    const call = startOperationCall({
      settings: settingsFor(options.options),
      operation: openAiChatCompletions,
      body: options.body,
      client: options.endpoint,
      timeoutMs: options.timeoutMs,
      collector: options.collector === undefined ? undefined : callCollector(options.collector),
    });
    call.clientRequestId = options.clientRequestId ?? null;
    return new TracedChatCall(call);
  } catch {
    return detachedCall;
  }
}
