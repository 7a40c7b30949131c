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

  get watched(): boolean {
    return this.#watched;
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
