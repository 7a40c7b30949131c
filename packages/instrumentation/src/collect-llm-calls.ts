/**
 * `collectLlmCalls(fn)`: every instrumented call (SDK wrapper or `traceLlmCall`) started inside
 * `fn`'s async context, for the eval runner. Uses AsyncLocalStorage, so it works without an OTel
 * SDK registered (records then carry empty trace and span ids). Never throws: `fn`'s error is
 * returned as `{ ok: false, error }`. Nested blocks also report their calls to the outer block.
 */
import type { Attributes } from '@opentelemetry/api';
import type { ActiveLlmCall } from './active-llm-call.js';
import { collectorStorage } from './call-collector-storage.js';
import type { CallCollector } from './call-collector-storage.js';
import { collectedLlmCall } from './collected-llm-call.js';
import type { CollectedLlmCall } from './collected-llm-call.js';

export interface CollectLlmCallsOptions {
  /** Keep spans open after the call so evaluation events can be added; end them with `end()`. */
  deferSpanEnd?: boolean;
  /** Added to every call span started inside, e.g. `sextant.eval.case_id`. */
  attributes?: Attributes;
}

export type CollectedLlmCalls<T> =
  | { ok: true; value: T; calls: CollectedLlmCall[] }
  | { ok: false; error: unknown; calls: CollectedLlmCall[] };

export async function collectLlmCalls<T>(
  fn: () => Promise<T>,
  options: CollectLlmCallsOptions = {},
): Promise<CollectedLlmCalls<T>> {
  const calls: CollectedLlmCall[] = [];
  const outer = collectorStorage.getStore();
  const collector: CallCollector = {
    deferSpanEnd: options.deferSpanEnd === true,
    attributes:
      outer?.attributes || options.attributes
        ? { ...outer?.attributes, ...options.attributes }
        : undefined,
    add(call: ActiveLlmCall) {
      if (collector.deferSpanEnd) call.deferSpanEnd = true;
      // A call made while a collector is active always carries a record.
      if (call.record !== undefined) calls.push(collectedLlmCall(call, call.record));
      outer?.add(call);
    },
  };
  try {
    const value = await collectorStorage.run(collector, fn);
    return { ok: true, value, calls };
  } catch (error) {
    return { ok: false, error, calls };
  }
}
