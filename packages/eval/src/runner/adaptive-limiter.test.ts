import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from './adaptive-limiter.js';

describe('AdaptiveLimiter', () => {
  it('halves on a 429 at most once per cooldown, pauses for retry-after, and climbs back on success', async () => {
    let now = 1_000;
    const limiter = new AdaptiveLimiter({ maxConcurrency: 8, cooldownMs: 500, now: () => now });
    limiter.onRateLimited(null);
    limiter.onRateLimited(null);
    expect(limiter.state()).toMatchObject({ limit: 4, cuts: 1 });
    now += 600;
    limiter.onRateLimited(50);
    expect(limiter.state()).toMatchObject({ limit: 2, cuts: 2, pausedUntil: now + 50 });
    for (let index = 0; index < 100; index += 1) limiter.onSuccess();
    expect(limiter.state().limit).toBe(8);
  });

  it('never lets more than the current limit run at once', async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 3 });
    const releases = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    let fourth = false;
    const pending = limiter.acquire().then((release) => {
      fourth = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fourth).toBe(false);
    releases[0]?.();
    (await pending)();
    expect(fourth).toBe(true);
  });

  it('waits out a retry-after before granting new calls', async () => {
    const limiter = new AdaptiveLimiter({ maxConcurrency: 4 });
    limiter.onRateLimited(80);
    const started = performance.now();
    (await limiter.acquire())();
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});
