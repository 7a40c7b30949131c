/**
 * Sends results to the store in batches as they complete: when a batch is full or has waited
 * `flushIntervalMs`. One write at a time, in order; `add` waits while too many results are
 * queued (the store is slower than the calls), so memory stays bounded by a few batches.
 * A failed write fails the run: the error is rethrown by the next `add` or by `close`.
 */
import type { EvalResult, ResultStore } from '@sextant/spec';

export class ResultBatcher {
  private buffer: EvalResult[] = [];
  private writing: Promise<void> = Promise.resolve();
  private queued = 0;
  private failure: unknown = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: ResultStore,
    private readonly batchSize: number,
    private readonly flushIntervalMs: number,
  ) {}

  async add(result: EvalResult): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.buffer.push(result);
    this.queued += 1;
    if (this.buffer.length >= this.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
    // Backpressure: more than four batches waiting means the store cannot keep up.
    while (this.queued > this.batchSize * 4 && this.failure === null) await this.writing;
  }

  /** Writes what is buffered and waits for every write; throws the first write failure. */
  async close(): Promise<void> {
    this.flush();
    await this.writing;
    if (this.failure !== null) throw this.failure;
  }

  private flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(async () => {
      if (this.failure !== null) return;
      try {
        await this.store.writeResults(batch);
      } catch (error) {
        this.failure = error;
      } finally {
        this.queued -= batch.length;
      }
    });
  }
}
