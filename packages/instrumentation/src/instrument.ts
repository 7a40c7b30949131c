/**
 * `instrument(client)`: the one-line way in. It patches this client instance's `create` methods
 * and its `fetch` in place and returns the same object, so its type, identity and behaviour are
 * unchanged; clients it derives with `withOptions()` are instrumented too. Anything that is not
 * an `openai` or `@anthropic-ai/sdk` client is returned untouched. Never throws.
 */
import type { InstrumentOptions, InstrumentSettings } from './instrument-options.js';
import { resolveInstrumentSettings } from './instrument-options.js';
import { preloadPriceCatalog } from './compute-cost.js';
import { recordClientFetch } from './record-http-attempts.js';
import { clientTargets } from './sdk-targets.js';
import { WRAPPED_METHOD, wrapCreateMethod } from './wrap-create-method.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

function unwrapped(method: Method): Method {
  return (
    ((method as unknown as Record<symbol, unknown>)[WRAPPED_METHOD] as Method | undefined) ?? method
  );
}

export function instrumentWithSettings<T extends object>(
  client: T,
  settings: InstrumentSettings,
): T {
  const targets = clientTargets(client);
  if (targets.length === 0) return client;
  preloadPriceCatalog();
  for (const { holder, operation } of targets) {
    const current = holder['create'] as Method;
    // Re-instrumenting replaces the earlier wrapper instead of stacking a second one.
    const original = Object.prototype.hasOwnProperty.call(holder, 'create')
      ? unwrapped(current)
      : current;
    holder['create'] = wrapCreateMethod({ original, operation, settings: () => settings });
  }
  recordClientFetch(client as { fetch?: unknown });
  const record = client as Record<string, unknown>;
  const withOptions = record['withOptions'];
  if (typeof withOptions === 'function') {
    const original = unwrapped(withOptions as Method);
    const derive = function (this: unknown, ...args: unknown[]) {
      const derived = original.apply(this, args);
      return derived !== null && typeof derived === 'object'
        ? instrumentWithSettings(derived, settings)
        : derived;
    };
    Object.defineProperty(derive, WRAPPED_METHOD, { value: original });
    record['withOptions'] = derive;
  }
  return client;
}

export function instrument<T extends object>(client: T, options?: InstrumentOptions): T {
  try {
    return instrumentWithSettings(client, resolveInstrumentSettings(options));
  } catch {
    return client;
  }
}
