/**
 * The wrapper put around an SDK `create` method. It starts the call span in the caller's current
 * context, lets the SDK do everything else, and observes the APIPromise it returns. Whatever
 * happens inside instrumentation, the caller gets what the SDK returned or threw: if preparing
 * the call fails, the original method runs untouched.
 */
import type { ActiveLlmCall } from './active-llm-call.js';
import type { InstrumentSettings } from './instrument-options.js';
import { observeApiPromise } from './observe-api-promise.js';
import type { RequestBody, SdkOperation } from './operations/sdk-operation.js';
import { collectorIn } from './llm-call-collector.js';
import { hasCallMarker, recordClientFetch, withCallMarker } from './record-http-attempts.js';
import { startOperationCall } from './start-operation-call.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

export const WRAPPED_METHOD = Symbol.for('sextant.instrumentation.wrapped-method');

interface PreparedCall {
  call: ActiveLlmCall;
  body: unknown;
  options: unknown;
  injectedUsage: boolean;
}

function prepareCall(
  resource: unknown,
  body: RequestBody,
  options: unknown,
  settings: InstrumentSettings,
  operation: SdkOperation,
): PreparedCall {
  const client = (resource as { _client?: Record<string, unknown> } | null)?._client;
  if (client !== undefined) recordClientFetch(client);
  const optionTimeout = (options as { timeout?: unknown } | undefined)?.timeout;
  const timeout = typeof optionTimeout === 'number' ? optionTimeout : client?.['timeout'];
  const call = startOperationCall({
    settings,
    operation,
    body,
    client,
    timeoutMs: typeof timeout === 'number' ? timeout : undefined,
    collector: collectorIn(options),
  });
  const prepared = operation.prepareBody?.(body);
  const markedOptions = withCallMarker(options, call);
  // Read from the copy the SDK will get: a plain property, whatever getters the caller's had.
  call.requestSignal = markedOptions['signal'];
  return {
    call,
    body: prepared ?? body,
    options: markedOptions,
    injectedUsage: prepared !== undefined,
  };
}

export function wrapCreateMethod(options: {
  original: Method;
  operation: SdkOperation;
  /** Undefined turns the wrapper into a pass-through (a disabled Instrumentation). */
  settings: () => InstrumentSettings | undefined;
}): Method {
  const { original, operation } = options;
  // Named parameters, not one rest array destructured: the SDKs' `create(body, options)` is the
  // hot path.
  const wrapped = function (
    this: unknown,
    body: unknown,
    requestOptions: unknown,
    ...rest: unknown[]
  ): unknown {
    const settings = options.settings();
    // A marker means an outer wrapper already records this call (instance over prototype patch).
    if (
      settings === undefined ||
      hasCallMarker(requestOptions) ||
      body === null ||
      typeof body !== 'object'
    ) {
      return original.call(this, body, requestOptions, ...rest);
    }
    let prepared: PreparedCall;
    try {
      prepared = prepareCall(this, body as RequestBody, requestOptions, settings, operation);
    } catch {
      return original.call(this, body, requestOptions, ...rest);
    }
    const { call } = prepared;
    let result: unknown;
    try {
      result = call.runInContext(() =>
        rest.length === 0
          ? original.call(this, prepared.body, prepared.options)
          : original.call(this, prepared.body, prepared.options, ...rest),
      );
    } catch (error) {
      call.finish({ kind: 'error', error });
      throw error;
    }
    let observed = false;
    try {
      observed = observeApiPromise(result, {
        call,
        operation,
        injectedUsage: prepared.injectedUsage,
      });
    } catch {
      call.instrumentationErrors += 1;
    }
    if (!observed) call.finish({ kind: 'complete' });
    return result;
  };
  Object.defineProperty(wrapped, WRAPPED_METHOD, { value: original });
  return wrapped as Method;
}
