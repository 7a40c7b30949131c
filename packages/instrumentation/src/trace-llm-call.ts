/**
 * `traceLlmCall` for LLM calls that are not made through an instrumented SDK client (a raw fetch
 * to an OpenAI-compatible server, another vendor's SDK). The caller describes the call and
 * reports what it learned, through `extract` or `call.setOutcome`; the span, metrics, cost and
 * call record are the same as for instrumented clients. `fn`'s result and errors pass through
 * unchanged; instrumentation failures are swallowed.
 */
import { INVALID_SPAN_CONTEXT, context, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { ActiveLlmCall } from './active-llm-call.js';
import type { InstrumentOptions, InstrumentSettings } from './instrument-options.js';
import { resolveInstrumentSettings } from './instrument-options.js';
import type { LlmCallOutcome } from './llm-call-outcome.js';
import { callCollector } from './llm-call-collector.js';
import type { LlmCallCollector } from './llm-call-collector.js';
import { observeIterator } from './observe-sdk-stream.js';
import { requestParameterAttributes } from './operations/payload.js';

export interface LlmRequestParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  choiceCount?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
}

export interface LlmCallDescriptor<T = unknown> {
  /** `gen_ai.provider.name`, e.g. `openai`, `anthropic`, `mistral_ai`. */
  provider: string;
  /** `gen_ai.operation.name`, e.g. `chat`, `embeddings`. */
  operation: string;
  /** The requested model. */
  model: string;
  serverAddress?: string;
  serverPort?: number;
  request?: LlmRequestParameters;
  attributes?: Attributes;
  /** Conventions-shaped content, recorded (redacted) only when content capture is on. */
  inputMessages?: unknown[];
  systemInstructions?: unknown[];
  /** Reads response id, model, finish reasons and usage from `fn`'s result. */
  extract?: (result: T) => LlmCallOutcome;
  /** Tracer/meter providers, prices, redaction; same as for `instrument`. */
  options?: InstrumentOptions;
  /**
   * The call's record goes to this collector (`createLlmCallCollector`), as it does for an SDK
   * call given `collector.requestOptions()`.
   */
  collector?: LlmCallCollector;
  /** The call's timeout, recorded as `sextant.request.timeout_ms`. */
  timeoutMs?: number;
}

export interface TracedCall {
  readonly span: Span;
  /** Adds what is known about the response; later calls override earlier fields. */
  setOutcome(outcome: LlmCallOutcome): void;
  /** Marks the first chunk of a streamed response (time to first chunk). */
  markFirstChunk(): void;
}

export interface LlmStreamDescriptor<T> extends Omit<LlmCallDescriptor<T>, 'extract'> {
  /** Called for each chunk, to report usage, finish reasons and ids as they arrive. */
  onChunk?: (chunk: T, call: TracedCall) => void;
}

const defaultSettings: { value?: InstrumentSettings } = {};
const settingsByOptions = new WeakMap<InstrumentOptions, InstrumentSettings>();

/** Resolved once per options object (callers pass the same object for every call). */
export function settingsFor(options: InstrumentOptions | undefined): InstrumentSettings {
  if (options === undefined) return (defaultSettings.value ??= resolveInstrumentSettings());
  let settings = settingsByOptions.get(options);
  if (settings === undefined) {
    settings = resolveInstrumentSettings(options);
    settingsByOptions.set(options, settings);
  }
  return settings;
}

function startCall(
  descriptor: LlmCallDescriptor<never>,
  stream: boolean,
): ActiveLlmCall | undefined {
  try {
    const settings = settingsFor(descriptor.options);
    const request = descriptor.request ?? {};
    return new ActiveLlmCall(
      settings,
      {
        provider: String(descriptor.provider),
        operation: String(descriptor.operation),
        requestModel: String(descriptor.model),
        stream,
        requestAttributes: requestParameterAttributes({ ...request, stream }),
        extraAttributes: descriptor.attributes,
        serverAddress: descriptor.serverAddress,
        serverPort: descriptor.serverPort,
        timeoutMs: descriptor.timeoutMs,
        collector:
          descriptor.collector === undefined ? undefined : callCollector(descriptor.collector),
        inputContent: () => ({
          ...(descriptor.inputMessages ? { inputMessages: descriptor.inputMessages } : {}),
          ...(descriptor.systemInstructions
            ? { systemInstructions: descriptor.systemInstructions }
            : {}),
        }),
      },
      context.active(),
    );
  } catch {
    return undefined;
  }
}

function tracedCall(call: ActiveLlmCall): TracedCall {
  return {
    span: call.span,
    setOutcome: (outcome) => call.safely(() => call.setOutcome(outcome)),
    markFirstChunk: () => call.safely(() => call.markFirstChunk()),
  };
}

/** Handed to `fn` when the span could not be started, so `fn` still runs exactly once. */
function detachedCall(): TracedCall {
  return {
    span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT),
    setOutcome() {},
    markFirstChunk() {},
  };
}

export async function traceLlmCall<T>(
  descriptor: LlmCallDescriptor<T>,
  fn: (call: TracedCall) => Promise<T>,
): Promise<T> {
  const call = startCall(descriptor as LlmCallDescriptor<never>, false);
  if (call === undefined) return fn(detachedCall());
  let result: T;
  try {
    result = await call.runInContext(() => fn(tracedCall(call)));
  } catch (error) {
    call.finish({ kind: 'error', error });
    throw error;
  }
  if (descriptor.extract !== undefined) {
    const extract = descriptor.extract;
    call.safely(() => call.setOutcome(extract(result)));
  }
  call.finish({ kind: 'complete' });
  return result;
}

/**
 * Streaming variant: the span starts now, `fn` runs in its context, and the returned iterator
 * marks the first chunk, passes every chunk through unchanged, and ends the span once, when the
 * stream ends, errors, or the consumer stops early.
 */
export function traceLlmStream<T>(
  descriptor: LlmStreamDescriptor<T>,
  fn: (call: TracedCall) => AsyncIterable<T> | Promise<AsyncIterable<T>>,
): AsyncIterableIterator<T> {
  const call = startCall(descriptor as LlmCallDescriptor<never>, true);
  const traced = call === undefined ? detachedCall() : tracedCall(call);
  let source: Promise<AsyncIterator<T>> | undefined;
  const open = () =>
    (source ??= (async () => {
      const iterable =
        call === undefined ? await fn(traced) : await call.runInContext(() => fn(traced));
      return iterable[Symbol.asyncIterator]();
    })());
  const inner: AsyncIterator<T> = {
    next: () => open().then((iterator) => iterator.next()),
    return: (value?: unknown) =>
      source === undefined
        ? Promise.resolve({ done: true as const, value: value as T })
        : source.then(
            (iterator) => iterator.return?.(value) ?? { done: true as const, value: value as T },
          ),
  };
  if (call === undefined) {
    return {
      ...inner,
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncIterableIterator<T>;
  }
  const onChunk = descriptor.onChunk;
  const reader = {
    read(chunk: unknown) {
      onChunk?.(chunk as T, traced);
      return false;
    },
    outcome: () => ({}),
  };
  return observeIterator(inner, call, reader, () => false) as AsyncIterableIterator<T>;
}
