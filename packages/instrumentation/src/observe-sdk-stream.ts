/**
 * Observes an SDK `Stream` without replacing it: only its `iterator` factory is wrapped, so the
 * caller keeps the same object with its `controller`, `tee()` and `toReadableStream()`. The
 * call ends exactly once: at the end of the stream, on `return()` (break), on abort, or on error.
 */
import type { ActiveLlmCall, CallEnding } from './active-llm-call.js';
import type { StreamReader } from './operations/sdk-operation.js';

interface SdkStream {
  iterator: (...args: unknown[]) => AsyncIterator<unknown>;
  controller?: AbortController;
}

export function isSdkStream(value: unknown): value is SdkStream {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { iterator?: unknown }).iterator === 'function'
  );
}

export function observeIterator(
  inner: AsyncIterator<unknown>,
  call: ActiveLlmCall,
  reader: StreamReader,
  aborted: () => boolean,
): AsyncIterator<unknown> & AsyncIterable<unknown> {
  const finish = (ending: CallEnding) => {
    if (call.finished) return;
    call.safely(() => call.setOutcome(reader.outcome()));
    call.finish(ending);
  };
  const onResult = (
    result: IteratorResult<unknown>,
  ): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    if (result.done) {
      finish(aborted() ? { kind: 'cancelled' } : { kind: 'complete' });
      return result;
    }
    if (call.firstChunkTime === null) call.markFirstChunk();
    let hide = false;
    try {
      hide = reader.read(result.value);
    } catch {
      call.instrumentationErrors += 1;
    }
    return hide ? observed.next() : result;
  };
  const onError = (error: unknown): never => {
    finish({ kind: 'error', error });
    throw error;
  };
  const observed = {
    // No rest parameter: `for await` calls next() once per chunk without arguments.
    next(value?: unknown): Promise<IteratorResult<unknown>> {
      const pending = arguments.length === 0 ? inner.next() : inner.next(value);
      return pending.then(onResult, onError);
    },
    return: (value?: unknown) => {
      finish({ kind: 'cancelled' });
      return inner.return ? inner.return(value) : Promise.resolve({ done: true as const, value });
    },
    throw: (error?: unknown) => {
      finish({ kind: 'error', error });
      return inner.throw ? inner.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return observed;
    },
  };
  return observed;
}

/** Wraps `stream.iterator` in place; only the first iteration is observed (the SDK refuses a second). */
export function observeSdkStream(
  stream: SdkStream,
  call: ActiveLlmCall,
  reader: StreamReader,
): void {
  const iterator = stream.iterator;
  let observedOnce = false;
  stream.iterator = function (this: unknown, ...args: unknown[]) {
    const inner = iterator.apply(this, args);
    if (observedOnce) return inner;
    observedOnce = true;
    return observeIterator(inner, call, reader, () => stream.controller?.signal.aborted === true);
  };
}
