/**
 * Sends results to the store in batches as they complete: when a batch is full or has waited
 * `flushIntervalMs`. Writes overlap: a store may hold a write until its own batch fills or its
 * timer fires (the ClickHouse store waits up to 100 ms to merge small writes into one INSERT),
 * so one write at a time would cap a run at one batch per store window. Results have distinct
 * keys, so the order writes land in does not matter. `add` waits while too many results are
 * queued (the store is slower than the calls), so memory stays bounded by a few batches.
 * A failed write fails the run: no later batch is written, and the error is rethrown by the
 * next `add` or by `close`. `close` asks a store that holds writes (`ResultStore.flush`) to send
 * them at once, and so does `add` when it must wait for room: otherwise a run faster than the
 * store's window (cache hits, a fast model) would write one queue's worth per window, ~8,000
 * results a second behind the ClickHouse store's 100 ms.
 */
import type { EvalResult, ResultStore } from '@sextant/spec';

/** Batches queued or being written before `add` waits. */
const QUEUED_BATCHES = 4;

export class ResultBatcher {
  private buffer: EvalResult[] = [];
  private readonly writes = new Set<Promise<void>>();
  private queued = 0;
  private failure: unknown = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: ResultStore,
    private readonly batchSize: number,
    private readonly flushIntervalMs: number,
  ) {}

  /**
   * Queues a result. Returns a promise only when the caller must wait (too many results queued)
   * or a write failed (it rejects); otherwise nothing, so a result costs no promise turn.
   */
  add(result: EvalResult): Promise<void> | undefined {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.buffer.push(result);
    this.queued += 1;
    if (this.buffer.length >= this.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
    if (this.isOverQueued() || this.failure !== null) return this.waitForRoom();
    return undefined;
  }

  private async waitForRoom(): Promise<void> {
    // Backpressure. Past the limit at least QUEUED_BATCHES writes are in flight (the buffer
    // holds less than a batch), so there is always one to wait for.
    if (this.isOverQueued() && this.failure === null) {
      this.nudgeStore();
      while (this.isOverQueued() && this.failure === null) await Promise.race(this.writes);
    }
    if (this.failure !== null) throw this.failure;
  }

  private isOverQueued(): boolean {
    return this.queued > this.batchSize * QUEUED_BATCHES;
  }

  /** Writes what is buffered and waits for every write; throws the first write failure. */
  async close(): Promise<void> {
    this.flush();
    if (this.writes.size > 0 && this.failure === null) this.nudgeStore();
    while (this.writes.size > 0) await Promise.all(this.writes);
    if (this.failure !== null) throw this.failure;
  }

  /**
   * Nothing more is coming, or the queue is full: a store that holds writes to merge them (the
   * ClickHouse store, up to 100 ms) may send them now instead of at the end of its window. The
   * writes' own promises say whether they are durable, so the flush's outcome is only a hint and
   * is not awaited.
   */
  private nudgeStore(): void {
    try {
      this.store.flush?.().catch(() => undefined);
    } catch {
      // A store wrapper whose flush cannot run: the writes still land when the window ends.
    }
  }

  private flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    if (this.failure !== null) {
      this.queued -= batch.length;
      return;
    }
    const write: Promise<void> = this.store.writeResults(batch).then(
      () => {
        this.queued -= batch.length;
        this.writes.delete(write);
      },
      (error: unknown) => {
        this.failure ??= error;
        this.queued -= batch.length;
        this.writes.delete(write);
      },
    );
    this.writes.add(write);
  }
}
