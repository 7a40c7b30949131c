/**
 * One physical HTTP request of a logical call, as seen at the client's `fetch`, and what its
 * response headers say (request id, retry-after, rate limits). Header names cover the OpenAI
 * (`x-ratelimit-*`, `x-request-id`) and Anthropic (`anthropic-ratelimit-*`, `request-id`)
 * spellings. Never reads or keeps request headers other than the client request id.
 */

export interface RateLimits {
  requestsLimit?: string;
  requestsRemaining?: string;
  requestsReset?: string;
  tokensLimit?: string;
  tokensRemaining?: string;
  tokensReset?: string;
}

export interface HttpAttempt {
  /** Epoch milliseconds. */
  startTime: number;
  /** When fetch resolved (response headers) or failed. */
  endTime: number;
  statusCode: number | null;
  /** Error class when the attempt got no response (connection reset, timeout, abort). */
  error: string | null;
  retryAfterMs: number | null;
  providerRequestId: string | null;
  requestBodyBytes: number | null;
  responseBodyBytes: number | null;
  rateLimits: RateLimits | null;
}

interface HeaderReader {
  get(name: string): string | null;
}

/** `retry-after-ms` (OpenAI/Anthropic extension) wins over `retry-after` (seconds or a date). */
export function retryAfterMilliseconds(headers: HeaderReader, now: number): number | null {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null) {
    const value = Number.parseFloat(milliseconds);
    if (Number.isFinite(value)) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return null;
  const seconds = Number.parseFloat(retryAfter);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

export type HeaderFlavor = 'openai' | 'anthropic';

const RATE_LIMIT_HEADERS: Record<HeaderFlavor, [keyof RateLimits, string][]> = {
  openai: [
    ['requestsLimit', 'x-ratelimit-limit-requests'],
    ['requestsRemaining', 'x-ratelimit-remaining-requests'],
    ['requestsReset', 'x-ratelimit-reset-requests'],
    ['tokensLimit', 'x-ratelimit-limit-tokens'],
    ['tokensRemaining', 'x-ratelimit-remaining-tokens'],
    ['tokensReset', 'x-ratelimit-reset-tokens'],
  ],
  anthropic: [
    ['requestsLimit', 'anthropic-ratelimit-requests-limit'],
    ['requestsRemaining', 'anthropic-ratelimit-requests-remaining'],
    ['requestsReset', 'anthropic-ratelimit-requests-reset'],
    ['tokensLimit', 'anthropic-ratelimit-tokens-limit'],
    ['tokensRemaining', 'anthropic-ratelimit-tokens-remaining'],
    ['tokensReset', 'anthropic-ratelimit-tokens-reset'],
  ],
};

export function readRateLimits(headers: HeaderReader, flavor: HeaderFlavor): RateLimits | null {
  let limits: RateLimits | null = null;
  for (const [field, name] of RATE_LIMIT_HEADERS[flavor]) {
    const value = headers.get(name);
    if (value !== null) (limits ??= {})[field] = value;
  }
  return limits;
}

export function readProviderRequestId(headers: HeaderReader, flavor: HeaderFlavor): string | null {
  return flavor === 'anthropic'
    ? (headers.get('request-id') ?? headers.get('x-request-id'))
    : (headers.get('x-request-id') ?? headers.get('request-id'));
}

export function readContentLength(headers: HeaderReader): number | null {
  const value = headers.get('content-length');
  if (value === null) return null;
  const length = Number(value);
  return Number.isInteger(length) && length >= 0 ? length : null;
}

/** Size of a request body as fetch will send it; null when it can't be known without reading. */
export function requestBodyBytes(body: unknown): number | null {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  if (typeof Blob !== 'undefined' && body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return Buffer.byteLength(body.toString());
  return null;
}

/** An attempt that got a response, read from its status and head. */
export function respondedAttempt(options: {
  startTime: number;
  endTime: number;
  requestBodyBytes: number | null;
  status: number;
  headers: HeaderReader;
  flavor: HeaderFlavor;
}): HttpAttempt {
  const { headers, status, flavor } = options;
  const ok = status >= 200 && status <= 299;
  return {
    startTime: options.startTime,
    endTime: options.endTime,
    statusCode: status,
    error: null,
    retryAfterMs: ok ? null : retryAfterMilliseconds(headers, Date.now()),
    providerRequestId: readProviderRequestId(headers, flavor),
    requestBodyBytes: options.requestBodyBytes,
    responseBodyBytes: readContentLength(headers),
    rateLimits: readRateLimits(headers, flavor),
  };
}

/** An attempt that got no response (connection refused or reset, timeout, abort). */
export function failedAttempt(options: {
  startTime: number;
  endTime: number;
  requestBodyBytes: number | null;
  error: unknown;
}): HttpAttempt {
  return {
    startTime: options.startTime,
    endTime: options.endTime,
    statusCode: null,
    error: options.error instanceof Error ? options.error.name : 'Error',
    retryAfterMs: null,
    providerRequestId: null,
    requestBodyBytes: options.requestBodyBytes,
    responseBodyBytes: null,
    rateLimits: null,
  };
}
