/**
 * A `fetch` for the SDK clients that tells the runner about every HTTP response, retries the SDK
 * does by itself included (the runner's own client calls `observeResponse` itself), so the adaptive limiter sees each 429 and its retry-after.
 */
import type { ResponseObservation } from './provider.js';

export function retryAfterMilliseconds(headers: {
  get(name: string): string | null;
}): number | null {
  const milliseconds = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(milliseconds))
    return Math.max(0, milliseconds);
  const value = headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

type Fetch = typeof globalThis.fetch;

/** Tells `onResponse` about one response; an observer that throws is ignored. */
export function observeResponse(
  onResponse: ((observation: ResponseObservation) => void) | undefined,
  response: { status: number; headers: { get(name: string): string | null } },
): void {
  if (onResponse === undefined) return;
  const limited = response.status === 429 || response.status === 503;
  try {
    onResponse({
      status: response.status,
      retryAfterMs: limited ? retryAfterMilliseconds(response.headers) : null,
    });
  } catch {
    // An observer must never fail the call: the client would retry and drop this response.
  }
}

export function observingFetch(options: {
  onResponse: ((observation: ResponseObservation) => void) | undefined;
  fetch: Fetch;
}): Fetch {
  const { onResponse } = options;
  if (onResponse === undefined) return options.fetch;
  return async (input, init) => {
    const response = await options.fetch(input, init);
    observeResponse(onResponse, response);
    return response;
  };
}

/** The API key for a target, or a placeholder for local OpenAI-compatible servers that need none. */
export function readApiKey(options: {
  apiKeyEnv: string | undefined;
  defaultEnv: string | null;
  environment: Readonly<Record<string, string | undefined>>;
}): string | null {
  const name = options.apiKeyEnv ?? options.defaultEnv;
  if (name === null) return null;
  const value = options.environment[name];
  return value === undefined || value === '' ? null : value;
}
