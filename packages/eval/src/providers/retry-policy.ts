/**
 * When the runner's Chat Completions client retries and how long it waits, as the `openai` SDK
 * (6.x `client.mjs`: `shouldRetry`, `retryRequest`, `calculateDefaultRetryTimeoutMillis`)
 * decides: `x-should-retry: true|false` overrides; else 408, 409, 429 and 5xx are retried. The
 * wait is `retry-after-ms`, else `retry-after` in seconds or as an HTTP date, however long (the
 * call's timeout bounds it), else 0.5 s doubling per retry up to 8 s, less up to 25 % jitter.
 */

interface HeaderReader {
  get(name: string): string | null;
}

export function shouldRetry(response: { status: number; headers: HeaderReader }): boolean {
  const header = response.headers.get('x-should-retry');
  if (header === 'true') return true;
  if (header === 'false') return false;
  const { status } = response;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function retryDelayMs(options: {
  /** The response that is retried; null after a connection error. */
  headers: HeaderReader | null;
  retriesRemaining: number;
  maxRetries: number;
  random: () => number;
  now: () => number;
}): number {
  const { headers } = options;
  let milliseconds: number | undefined;
  const millisecondsHeader = headers?.get('retry-after-ms');
  if (millisecondsHeader) {
    const value = Number.parseFloat(millisecondsHeader);
    if (!Number.isNaN(value)) milliseconds = value;
  }
  const retryAfter = headers?.get('retry-after');
  // A `retry-after-ms` of 0 gives way to `retry-after`, as in the SDK.
  if (retryAfter && !milliseconds) {
    const seconds = Number.parseFloat(retryAfter);
    milliseconds = Number.isNaN(seconds) ? Date.parse(retryAfter) - options.now() : seconds * 1000;
  }
  if (milliseconds !== undefined) return Number.isNaN(milliseconds) ? 0 : Math.max(0, milliseconds);
  const retry = options.maxRetries - options.retriesRemaining;
  const seconds = Math.min(0.5 * 2 ** retry, 8);
  return seconds * (1 - options.random() * 0.25) * 1000;
}
