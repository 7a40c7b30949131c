/**
 * Per-provider concurrency that adapts to rate limiting (AIMD, as TCP does): a 429 halves the
 * limit (at most once per `cooldownMs`, so a burst of 429s from calls already in flight counts
 * once) and pauses new calls for the `retry-after` the server asked for; each success adds
 * 1/limit, so the limit climbs back by about one per round of calls, never above the maximum.
 * An optional requests-per-minute rate spaces call starts evenly.
 */

export interface AdaptiveLimiterOptions {
  maxConcurrency: number;
  requestsPerMinute?: number;
  /** Minimum time between two cuts (default 1000 ms). */
  cooldownMs?: number;
  now?: () => number;
}

export interface LimiterState {
  limit: number;
  inFlight: number;
  cuts: number;
  pausedUntil: number;
}

export class AdaptiveLimiter {
  private limit: number;
  private inFlight = 0;
  private cuts = 0;
  private pausedUntil = 0;
  private lastCut = Number.NEGATIVE_INFINITY;
  private nextStart = 0;
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly cooldownMs: number;

  constructor(private readonly options: AdaptiveLimiterOptions) {
    this.limit = options.maxConcurrency;
    this.now = options.now ?? Date.now;
    this.interval =
      options.requestsPerMinute === undefined ? 0 : 60_000 / options.requestsPerMinute;
    this.cooldownMs = options.cooldownMs ?? 1000;
  }

  state(): LimiterState {
    return {
      limit: this.limit,
      inFlight: this.inFlight,
      cuts: this.cuts,
      pausedUntil: this.pausedUntil,
    };
  }

  /**
   * A release function when a call may start now without waiting (nobody queued, under the
   * limit, no pause or rate spacing due), else null: then `acquire`.
   */
  tryAcquire(): (() => void) | null {
    if (this.waiters.length > 0 || this.inFlight >= Math.floor(this.limit)) return null;
    // The clock is read only when a pause or rate spacing is in play.
    if (this.pausedUntil > 0 || this.interval > 0) {
      const now = this.now();
      if (Math.max(this.pausedUntil, this.nextStart) > now) return null;
      if (this.interval > 0) this.nextStart = now + this.interval;
    }
    this.inFlight += 1;
    return this.releaser();
  }

  /** Resolves with a release function once a call may start. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiters.push(() => {
        this.inFlight += 1;
        resolve(this.releaser());
      });
      this.drain();
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.drain();
    };
  }

  onRateLimited(retryAfterMs: number | null): void {
    const now = this.now();
    if (retryAfterMs !== null) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (now - this.lastCut >= this.cooldownMs) {
      this.limit = Math.max(1, this.limit / 2);
      this.lastCut = now;
      this.cuts += 1;
    }
  }

  onSuccess(): void {
    if (this.limit < this.options.maxConcurrency) {
      this.limit = Math.min(this.options.maxConcurrency, this.limit + 1 / this.limit);
      this.drain();
    }
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.inFlight < Math.floor(this.limit)) {
      const now = this.now();
      const startAt = Math.max(this.pausedUntil, this.nextStart);
      if (startAt > now) {
        this.wakeAt(startAt - now);
        return;
      }
      if (this.interval > 0) this.nextStart = now + this.interval;
      this.waiters.shift()?.();
    }
  }

  private wakeAt(delayMs: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, Math.ceil(delayMs));
  }
}
