/**
 * A batch of the result store (clickhouse-result-store.ts): the results written since the last
 * batch was sent, and the promise its writers wait on.
 */
import type { EvalResultBlockEncoder } from './eval-result-block.js';
import { WatchedPromise } from './watched-promise.js';

export interface PendingBatch {
  /** Server: row values, encoded as JSON when sent. */
  rows: unknown[][];
  /** Embedded engine: the Native block, encoded as results are written. */
  encoder: EvalResultBlockEncoder | undefined;
  /** Embedded engine: the block copied out of its encoder while the batch waits for a slot. */
  block: Uint8Array[] | undefined;
  count: number;
  /** Numbered when sent, from 1. */
  sequence: number;
  done: WatchedPromise<void>;
  settle: (error?: unknown) => void;
  error?: unknown;
}

export function newBatch(): PendingBatch {
  let settle: (error?: unknown) => void = () => undefined;
  const done = new WatchedPromise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error as Error));
  });
  // A batch nobody awaits must not become an unhandled rejection (flush/close report it).
  done.ignoreRejection();
  return { rows: [], encoder: undefined, block: undefined, count: 0, sequence: 0, done, settle };
}
