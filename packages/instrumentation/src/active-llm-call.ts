/**
 * One logical LLM call in flight: its span (a CLIENT child of the context active when the call
 * was made), its HTTP attempts, what it learned about the response, and the record the eval
 * runner reads. `finish` is idempotent and never throws; failures inside instrumentation are
 * counted on the span, never surfaced to the host.
 */
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { LlmCallRecord } from '@sextant/spec';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@sextant/spec';
import { collectorStorage } from './call-collector-storage.js';
import type { CallCollector } from './call-collector-storage.js';
import { recordCallMetrics } from './call-metrics.js';
import { addAttemptEvents } from './attempt-events.js';
import { writeFinishAttributes } from './write-finish-attributes.js';
import type { HeaderFlavor, HttpAttempt } from './http-attempt.js';
import type { InstrumentSettings } from './instrument-options.js';
import type { LlmCallOutcome } from './llm-call-outcome.js';
import { redactedJson, redactText } from './redact-content.js';
import {
  ABORT_ERROR_TYPE,
  TIMEOUT_ERROR_TYPE,
  abortedByTimeout,
  errorMessage,
  errorType,
} from './error-type.js';

export interface LlmCallStart {
  provider: string;
  operation: string;
  requestModel: string;
  stream: boolean;
  /**
   * `gen_ai.request.*` attributes. The call takes this object over: it adds the base attributes
   * (operation, provider, model, server) and hands it to the span as its start attributes.
   */
  requestAttributes: Attributes;
  /** Caller-given attributes, applied after the base ones. */
  extraAttributes?: Attributes | undefined;
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  timeoutMs?: number | undefined;
  headerFlavor?: HeaderFlavor;
  /** A collector handed over explicitly (`createLlmCallCollector`), innermost of all. */
  collector?: CallCollector | undefined;
  /** Given only when content capture is on. */
  inputContent?: (() => { inputMessages?: unknown[]; systemInstructions?: unknown[] }) | undefined;
}

export type CallEnding =
  | { kind: 'complete' }
  | { kind: 'cancelled' }
  /** `errorType` overrides the one read from `error` (a caller's timeout seen as an abort). */
  | { kind: 'error'; error: unknown; errorType?: string };

export class ActiveLlmCall {
  readonly span: Span;
  /** The span's context: the SDK call runs in it so HTTP instrumentation nests below. */
  readonly context: Context;
  readonly startTime: number;
  readonly headerFlavor: HeaderFlavor;
  /** The eval runner's record: made only when a collector is collecting, filled at finish. */
  readonly record: LlmCallRecord | undefined;
  readonly outcome: LlmCallOutcome = {};
  attempts: HttpAttempt[] = [];
  firstChunkTime: number | null = null;
  endTime: number | null = null;
  clientRequestId: string | null = null;
  /** Bytes of the last attempt's response body, counted while it streams. */
  streamedResponseBytes: number | null = null;
  instrumentationErrors = 0;
  /**
   * The `signal` of the SDK call's request options, as given (never trusted to be an
   * AbortSignal): an abort whose reason is a `TimeoutError` ends the call as a timeout.
   */
  requestSignal: unknown = undefined;
  /** Set by `collectLlmCalls({ deferSpanEnd: true })`: the collector ends the span. */
  deferSpanEnd = false;
  private spanEnded = false;

  constructor(
    readonly settings: InstrumentSettings,
    readonly start: LlmCallStart,
    parentContext: Context,
  ) {
    this.startTime = settings.now();
    this.headerFlavor = start.headerFlavor ?? 'openai';
    // One object, built once: it becomes the span's start attributes without being copied here.
    const attributes = start.requestAttributes;
    attributes[ATTR_GEN_AI_OPERATION_NAME] = start.operation;
    attributes[ATTR_GEN_AI_PROVIDER_NAME] = start.provider;
    attributes[ATTR_GEN_AI_REQUEST_MODEL] = start.requestModel;
    if (start.serverAddress !== undefined) attributes[ATTR_SERVER_ADDRESS] = start.serverAddress;
    if (start.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = start.serverPort;
    // The `collectLlmCalls` block around the call, if any (its store is only read, never
    // entered, so no async hooks are turned on here), and the collector handed over explicitly.
    const ambient = collectorStorage.getStore();
    const explicit = start.collector;
    if (start.extraAttributes !== undefined) Object.assign(attributes, start.extraAttributes);
    if (settings.attributes !== undefined) Object.assign(attributes, settings.attributes);
    if (ambient?.attributes !== undefined) Object.assign(attributes, ambient.attributes);
    if (explicit?.attributes !== undefined) Object.assign(attributes, explicit.attributes);
    if (settings.captureContent && start.inputContent !== undefined) {
      this.addInputContent(attributes, start.inputContent);
    }
    this.span = settings
      .tracer()
      .startSpan(
        `${start.operation} ${start.requestModel}`,
        { kind: SpanKind.CLIENT, attributes, startTime: this.startTime },
        parentContext,
      );
    this.context = trace.setSpan(parentContext, this.span);
    this.record = ambient === undefined && explicit === undefined ? undefined : this.newRecord();
    explicit?.add(this);
    ambient?.add(this);
  }

  private newRecord(): LlmCallRecord {
    const { start } = this;
    const spanContext = this.span.spanContext();
    const recording = this.span.isRecording();
    return {
      provider: start.provider,
      operation: start.operation,
      requestModel: start.requestModel,
      responseModel: null,
      responseId: null,
      finishReasons: [],
      usage: null,
      cost: { known: false },
      stream: start.stream,
      durationMs: 0,
      timeToFirstChunkMs: null,
      attempts: 0,
      retries: 0,
      backoffMs: 0,
      providerRequestId: null,
      traceId: recording ? spanContext.traceId : '',
      spanId: recording ? spanContext.spanId : '',
      errorType: null,
    };
  }
  private addInputContent(attributes: Attributes, read: NonNullable<LlmCallStart['inputContent']>) {
    try {
      const content = read();
      const redaction = {
        patterns: this.settings.redactPatterns,
        maxBytes: this.settings.maxContentBytes,
      };
      if (content.inputMessages !== undefined) {
        attributes[ATTR_GEN_AI_INPUT_MESSAGES] = redactedJson(content.inputMessages, redaction);
      }
      if (content.systemInstructions !== undefined && content.systemInstructions.length > 0) {
        attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = redactedJson(
          content.systemInstructions,
          redaction,
        );
      }
    } catch {
      this.instrumentationErrors += 1;
    }
  }

  get finished(): boolean {
    return this.endTime !== null;
  }

  markFirstChunk(): void {
    if (this.firstChunkTime === null) this.firstChunkTime = this.settings.now();
  }

  recordAttempt(attempt: HttpAttempt): void {
    if (!this.finished) this.attempts.push(attempt);
  }

  setOutcome(outcome: LlmCallOutcome): void {
    Object.assign(this.outcome, outcome);
  }

  /** Runs `fn` in the span's context (so HTTP spans nest below), without leaking errors. */
  runInContext<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }

  /**
   * The SDKs throw their abort class (`APIUserAbortError`) for any abort of the caller's signal,
   * and end a stream cut by it quietly; when the signal's reason is a timeout, the call timed out,
   * and says so with the value the SDK's own timeout gives. Every other ending is left as it is.
   */
  private timeoutEnding(ending: CallEnding): CallEnding {
    if (ending.kind === 'complete' || !abortedByTimeout(this.requestSignal)) return ending;
    if (ending.kind === 'cancelled') {
      const reason = (this.requestSignal as AbortSignal).reason as unknown;
      return { kind: 'error', error: reason, errorType: TIMEOUT_ERROR_TYPE };
    }
    if (ending.errorType !== undefined || errorType(ending.error) !== ABORT_ERROR_TYPE) {
      return ending;
    }
    return { kind: 'error', error: ending.error, errorType: TIMEOUT_ERROR_TYPE };
  }

  finish(given: CallEnding): void {
    if (this.endTime !== null) return;
    const endTime = this.settings.now();
    this.endTime = endTime;
    try {
      const ending = this.timeoutEnding(given);
      const totals = writeFinishAttributes(this, ending, endTime);
      addAttemptEvents(this.span, this.attempts);
      if (ending.kind === 'error') {
        const message = redactText(errorMessage(ending.error), this.settings.redactPatterns);
        this.span.setStatus({ code: SpanStatusCode.ERROR, message });
      }
      try {
        const meter = this.settings.activeMeter();
        if (meter !== undefined) recordCallMetrics(meter, this, totals);
      } catch {
        this.instrumentationErrors += 1;
      }
    } catch {
      this.instrumentationErrors += 1;
    }
    if (this.instrumentationErrors > 0) {
      this.safely(() =>
        this.span.setAttribute('sextant.instrumentation.errors', this.instrumentationErrors),
      );
    }
    if (!this.deferSpanEnd) this.endSpan();
  }

  /** Ends the span at the call's real end time, once. */
  endSpan(): void {
    if (this.spanEnded || this.endTime === null) return;
    this.spanEnded = true;
    this.safely(() => this.span.end(this.endTime ?? undefined));
  }

  safely(fn: () => void): void {
    try {
      fn();
    } catch {
      this.instrumentationErrors += 1;
    }
  }
}
