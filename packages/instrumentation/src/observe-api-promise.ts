/**
 * Observes an SDK `APIPromise` in place, so the caller keeps the very object the SDK returned
 * (`.withResponse()`, `.asResponse()`, `_thenUnwrap` helpers all still work). Two of its own
 * fields are wrapped: `responsePromise` (to see the final error after the SDK's retries) and
 * `parseResponse` (to see the parsed body or the `Stream`). Errors are re-thrown unchanged.
 */
import type { ActiveLlmCall } from './active-llm-call.js';
import { isSdkStream, observeSdkStream } from './observe-sdk-stream.js';
import type { SdkOperation } from './operations/sdk-operation.js';

interface ApiPromiseFields {
  responsePromise: Promise<unknown>;
  parseResponse: (...args: unknown[]) => unknown;
  asResponse?: () => Promise<unknown>;
  parsedPromise?: unknown;
}

function hasApiPromiseFields(value: unknown): value is ApiPromiseFields {
  if (value === null || typeof value !== 'object') return false;
  const fields = value as Partial<ApiPromiseFields>;
  return fields.responsePromise instanceof Promise && typeof fields.parseResponse === 'function';
}

export interface ObservedCall {
  call: ActiveLlmCall;
  operation: SdkOperation;
  injectedUsage: boolean;
}

function onParsed(value: unknown, observed: ObservedCall): void {
  const { call, operation, injectedUsage } = observed;
  const captureContent = call.settings.captureContent;
  if (call.start.stream) {
    if (isSdkStream(value)) {
      observeSdkStream(
        value,
        call,
        operation.createStreamReader({ captureContent, injectedUsage }),
      );
      return;
    }
    call.finish({ kind: 'complete' });
    return;
  }
  call.safely(() => call.setOutcome(operation.readResponse(value, captureContent)));
  call.finish({ kind: 'complete' });
}

/** Returns false when `promise` is not an APIPromise this code knows how to observe. */
export function observeApiPromise(promise: unknown, observed: ObservedCall): boolean {
  if (!hasApiPromiseFields(promise)) return false;
  const { call } = observed;
  const fail = (error: unknown): never => {
    call.finish({ kind: 'error', error });
    throw error;
  };
  promise.responsePromise = promise.responsePromise.then(undefined, fail);
  const parseResponse = promise.parseResponse;
  promise.parseResponse = function (this: unknown, ...args: unknown[]) {
    let parsed: Promise<unknown>;
    try {
      parsed = Promise.resolve(parseResponse.apply(this, args));
    } catch (error) {
      return fail(error);
    }
    return parsed.then((value) => {
      call.safely(() => onParsed(value, observed));
      return value;
    }, fail);
  };
  const asResponse = promise.asResponse;
  if (typeof asResponse === 'function') {
    // A caller that only takes the raw Response reads the body itself: end the call at headers.
    promise.asResponse = function (this: ApiPromiseFields) {
      const response = asResponse.call(this);
      response.then(
        () => {
          if (this.parsedPromise === undefined) call.finish({ kind: 'complete' });
        },
        () => undefined,
      );
      return response;
    };
  }
  return true;
}
