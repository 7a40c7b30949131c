/**
 * The retry decisions and waits of the runner's Chat Completions client, against the `openai`
 * SDK's own methods where it exposes them (`shouldRetry`, `calculateDefaultRetryTimeoutMillis`)
 * and against its header rules (`retryRequest`) case by case.
 */
import OpenAI from 'openai';
import { afterEach, expect, it, vi } from 'vitest';
import { retryDelayMs, shouldRetry } from './retry-policy.js';

const sdk = new OpenAI({ apiKey: 'sk-retry-policy-test', baseURL: 'http://127.0.0.1:1/v1' });
// Protected in the SDK's types, public at run time: the SDK's own decisions.
const sdkMethods = sdk as unknown as {
  shouldRetry(response: Response): Promise<boolean>;
  calculateDefaultRetryTimeoutMillis(retriesRemaining: number, maxRetries: number): number;
};

afterEach(() => {
  vi.restoreAllMocks();
});

it('retries the statuses and x-should-retry values the SDK retries', async () => {
  for (const status of [200, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 529]) {
    for (const header of [null, 'true', 'false', 'maybe']) {
      const headers = new Headers(header === null ? {} : { 'x-should-retry': header });
      const response = new Response(null, { status: status === 200 ? 200 : status, headers });
      expect({ status, header, retry: shouldRetry({ status, headers }) }).toEqual({
        status,
        header,
        retry: await sdkMethods.shouldRetry(response),
      });
    }
  }
});

it('backs off as the SDK does when the server names no wait (0.5 s doubling to 8 s, 25 % jitter)', () => {
  for (const draw of [0, 0.37, 0.999]) {
    vi.spyOn(Math, 'random').mockReturnValue(draw);
    for (const maxRetries of [1, 2, 5, 8]) {
      for (let retriesRemaining = maxRetries; retriesRemaining > 0; retriesRemaining -= 1) {
        const ours = retryDelayMs({
          headers: null,
          retriesRemaining,
          maxRetries,
          random: () => draw,
          now: () => 0,
        });
        expect(ours).toBe(
          sdkMethods.calculateDefaultRetryTimeoutMillis(retriesRemaining, maxRetries),
        );
      }
    }
  }
});

it('waits what retry-after-ms, then retry-after (seconds or an HTTP date) say, however long', () => {
  const now = Date.UTC(2026, 10, 26, 2, 0, 0);
  const wait = (fields: Record<string, string>) =>
    retryDelayMs({
      headers: new Headers(fields),
      retriesRemaining: 2,
      maxRetries: 2,
      random: () => 0,
      now: () => now,
    });
  expect(wait({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
  // A zero retry-after-ms gives way to retry-after, as in the SDK (it tests `!timeoutMillis`).
  expect(wait({ 'retry-after-ms': '0', 'retry-after': '2' })).toBe(2000);
  expect(wait({ 'retry-after-ms': 'soon', 'retry-after': '1.5' })).toBe(1500);
  expect(wait({ 'retry-after': '120' })).toBe(120_000);
  expect(wait({ 'retry-after': new Date(now + 3000).toUTCString() })).toBe(3000);
  // A date in the past or one that does not parse: retry at once.
  expect(wait({ 'retry-after': new Date(now - 3000).toUTCString() })).toBe(0);
  expect(wait({ 'retry-after': 'tomorrow-ish' })).toBe(0);
  // Nothing usable: the default backoff (first retry of two, no jitter).
  expect(wait({})).toBe(500);
});
