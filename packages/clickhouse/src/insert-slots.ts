/**
 * A limit on INSERTs running at once, served in order. chDB runs each INSERT on a libuv worker
 * (the pool has 4 threads by default and also serves the host's fs, dns.lookup, crypto and zlib),
 * and it cannot cancel a query it has started, so a slot must be held until the engine's own
 * promise settles, not until a timeout gave up on it.
 */
export type ReleaseSlot = () => void;

export class InsertSlots {
  readonly #limit: number;
  #taken = 0;
  readonly #waiting: Array<(release: ReleaseSlot) => void> = [];

  constructor(options: { limit: number }) {
    this.#limit = Math.max(1, options.limit);
  }

  /** A slot now, or undefined when all are taken or others wait (they keep their turn). */
  tryTake(): ReleaseSlot | undefined {
    if (this.#taken >= this.#limit || this.#waiting.length > 0) return undefined;
    this.#taken += 1;
    return this.#releaser();
  }

  /** A slot once one is free, in order; rejects with the signal's reason if aborted while waiting. */
  take(options: { abortSignal?: AbortSignal | undefined } = {}): Promise<ReleaseSlot> {
    const now = this.tryTake();
    if (now !== undefined) return Promise.resolve(now);
    const signal = options.abortSignal;
    return new Promise<ReleaseSlot>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason as Error);
        return;
      }
      const waiter = (release: ReleaseSlot): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line, so a tryTake cannot jump the queue.
      if (next === undefined) this.#taken -= 1;
      else next(this.#releaser());
    };
  }
}
