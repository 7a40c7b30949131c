/**
 * A promise that knows whether anyone has subscribed to it: `await`, `then`, `catch`, `finally`
 * and `Promise.all`/`allSettled` all go through `then`. The result store uses it to tell a failed
 * batch whose writers saw the rejection from one nobody awaited, which `flush()`/`close()` must
 * then report instead. Promises derived from it are plain promises.
 */
export class WatchedPromise<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  #watched = false;
  /** Promises made by `all` from this one: watching one of them watches this one too. */
  readonly #followers: Array<WatchedPromise<unknown>> = [];

  get watched(): boolean {
    return this.#watched || this.#followers.some((follower) => follower.watched);
  }

  /**
   * Resolves once every one of `promises` has, rejects with the first rejection; subscribing to it
   * counts as subscribing to each of them, and it never becomes an unhandled rejection itself.
   */
  static allOf(promises: ReadonlyArray<WatchedPromise<void>>): WatchedPromise<void> {
    const all = new WatchedPromise<void>((resolve, reject) => {
      let left = promises.length;
      for (const promise of promises) {
        void Promise.prototype.then.call(
          promise,
          () => {
            left -= 1;
            if (left === 0) resolve();
          },
          reject,
        );
      }
    });
    for (const promise of promises) promise.#followers.push(all);
    all.ignoreRejection();
    return all;
  }

  override then<Fulfilled = T, Rejected = never>(
    onFulfilled?: ((value: T) => Fulfilled | PromiseLike<Fulfilled>) | null,
    onRejected?: ((reason: unknown) => Rejected | PromiseLike<Rejected>) | null,
  ): Promise<Fulfilled | Rejected> {
    this.#watched = true;
    return super.then(onFulfilled, onRejected);
  }

  /** Marks a rejection as handled without counting as a subscriber. */
  ignoreRejection(): void {
    void Promise.prototype.then.call(this, undefined, () => undefined);
  }
}
