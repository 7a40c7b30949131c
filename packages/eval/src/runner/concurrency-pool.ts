/**
 * The run's global limit on model calls in flight, across providers. A call takes its
 * provider's adaptive slot first and a pool slot only once the provider lets it start, so a
 * throttled provider waiting out a 429 never holds slots the other providers could use.
 */
export class ConcurrencyPool {
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** A release function when a slot is free now (nobody waiting), else null: then `acquire`. */
  tryAcquire(): (() => void) | null {
    if (this.inFlight >= this.size || this.waiters.length > 0) return null;
    this.inFlight += 1;
    return this.releaser();
  }

  /** Resolves with a release function (idempotent) once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.inFlight >= this.size || this.waiters.length > 0)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.inFlight += 1;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so nobody can take it in between.
      if (next === undefined) this.inFlight -= 1;
      else next();
    };
  }
}
