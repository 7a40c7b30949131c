/**
 * The async-context slot that `collectLlmCalls` fills. Kept apart so the recorder can look it up
 * without importing the eval-facing module. Node only enables its async hooks once `run` is
 * called, so hosts that never collect pay nothing for it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Attributes } from '@opentelemetry/api';
import type { ActiveLlmCall } from './active-llm-call.js';

export interface CallCollector {
  deferSpanEnd: boolean;
  attributes: Attributes | undefined;
  add(call: ActiveLlmCall): void;
}

export const collectorStorage = new AsyncLocalStorage<CallCollector>();
