/**
 * `createLlmCallCollector(options)`: `collectLlmCalls` without AsyncLocalStorage, for callers
 * that make the SDK call themselves. The collector travels in the SDK's per-request options
 * (`client.chat.completions.create(body, collector.requestOptions({ signal }))`) under a symbol
 * key that the instrumented `create` methods read, so no async context is involved and Node's
 * promise hooks stay off. Same semantics as `collectLlmCalls`: `deferSpanEnd`, `attributes` on
 * every span, and a `collectLlmCalls` block around the call still sees it (with its attributes
 * under the collector's). A client that is not instrumented ignores the key.
 */
import { inspect } from 'node:util';
import type { ActiveLlmCall } from './active-llm-call.js';
import type { CallCollector } from './call-collector-storage.js';
import type { CollectLlmCallsOptions } from './collect-llm-calls.js';
import { collectedLlmCall } from './collected-llm-call.js';
import type { CollectedLlmCall } from './collected-llm-call.js';

export const COLLECTOR_KEY = Symbol.for('sextant.instrumentation.collector');

export interface LlmCallCollector {
  /** Calls started with this collector's request options, in start order; records fill at finish. */
  readonly calls: CollectedLlmCall[];
  /** `options` (not changed) plus this collector, for an instrumented SDK method's second argument. */
  requestOptions<T extends object = Record<never, never>>(options?: T): T;
}

class ExplicitCollector implements CallCollector, LlmCallCollector {
  readonly calls: CollectedLlmCall[] = [];
  readonly deferSpanEnd: boolean;
  readonly attributes: CallCollector['attributes'];

  constructor(options: CollectLlmCallsOptions) {
    this.deferSpanEnd = options.deferSpanEnd === true;
    this.attributes = options.attributes;
  }

  add(call: ActiveLlmCall): void {
    if (this.deferSpanEnd) call.deferSpanEnd = true;
    // A call made with a collector always carries a record.
    if (call.record !== undefined) this.calls.push(collectedLlmCall(call, call.record));
  }

  requestOptions<T extends object = Record<never, never>>(options?: T): T {
    return { ...options, [COLLECTOR_KEY]: this } as T;
  }

  // The SDKs may log their request options: print a tag, never the calls.
  toJSON(): string {
    return '[sextant collector]';
  }

  [inspect.custom](): string {
    return '[sextant collector]';
  }
}

export function createLlmCallCollector(options: CollectLlmCallsOptions = {}): LlmCallCollector {
  return new ExplicitCollector(options);
}

/** The collector behind a public handle (one made by `createLlmCallCollector`), if it is one. */
export function callCollector(collector: LlmCallCollector): CallCollector | undefined {
  return collector instanceof ExplicitCollector ? collector : undefined;
}

/** The collector carried by an SDK method's request options, if any. */
export function collectorIn(requestOptions: unknown): CallCollector | undefined {
  if (requestOptions === null || typeof requestOptions !== 'object') return undefined;
  const value = (requestOptions as Record<symbol, unknown>)[COLLECTOR_KEY];
  return value instanceof ExplicitCollector ? value : undefined;
}
