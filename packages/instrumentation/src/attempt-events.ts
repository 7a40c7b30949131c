/**
 * HTTP attempts on the span: one `sextant.http.attempt` event per attempt, at its start time,
 * when the call was retried or its only attempt failed; a single successful attempt is
 * described by the span's own attributes. Also the attribute names of the rate-limit headers.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SEXTANT_ATTEMPT_DURATION_MS,
  ATTR_SEXTANT_ATTEMPT_ERROR,
  ATTR_SEXTANT_ATTEMPT_RETRY_AFTER_MS,
  ATTR_SEXTANT_PROVIDER_REQUEST_ID,
  ATTR_SEXTANT_RATELIMIT_REQUESTS_LIMIT,
  ATTR_SEXTANT_RATELIMIT_REQUESTS_REMAINING,
  ATTR_SEXTANT_RATELIMIT_REQUESTS_RESET,
  ATTR_SEXTANT_RATELIMIT_TOKENS_LIMIT,
  ATTR_SEXTANT_RATELIMIT_TOKENS_REMAINING,
  ATTR_SEXTANT_RATELIMIT_TOKENS_RESET,
  EVENT_SEXTANT_HTTP_ATTEMPT,
} from '@sextant/spec';
import type { HttpAttempt, RateLimits } from './http-attempt.js';

export const RATE_LIMIT_ATTRIBUTES: readonly (readonly [keyof RateLimits, string])[] = [
  ['requestsLimit', ATTR_SEXTANT_RATELIMIT_REQUESTS_LIMIT],
  ['requestsRemaining', ATTR_SEXTANT_RATELIMIT_REQUESTS_REMAINING],
  ['requestsReset', ATTR_SEXTANT_RATELIMIT_REQUESTS_RESET],
  ['tokensLimit', ATTR_SEXTANT_RATELIMIT_TOKENS_LIMIT],
  ['tokensRemaining', ATTR_SEXTANT_RATELIMIT_TOKENS_REMAINING],
  ['tokensReset', ATTR_SEXTANT_RATELIMIT_TOKENS_RESET],
];

export function attemptEventAttributes(attempt: HttpAttempt, index: number): Attributes {
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_RESEND_COUNT]: index,
    [ATTR_SEXTANT_ATTEMPT_DURATION_MS]: attempt.endTime - attempt.startTime,
  };
  if (attempt.statusCode !== null) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = attempt.statusCode;
  if (attempt.error !== null) attributes[ATTR_SEXTANT_ATTEMPT_ERROR] = attempt.error;
  if (attempt.retryAfterMs !== null) {
    attributes[ATTR_SEXTANT_ATTEMPT_RETRY_AFTER_MS] = attempt.retryAfterMs;
  }
  if (attempt.providerRequestId !== null) {
    attributes[ATTR_SEXTANT_PROVIDER_REQUEST_ID] = attempt.providerRequestId;
  }
  if (attempt.rateLimits !== null) {
    for (const [field, name] of RATE_LIMIT_ATTRIBUTES) {
      const value = attempt.rateLimits[field];
      if (value !== undefined) attributes[name] = value;
    }
  }
  return attributes;
}

export function addAttemptEvents(span: Span, attempts: readonly HttpAttempt[]): void {
  const only = attempts.length === 1 ? attempts[0] : undefined;
  if (only !== undefined && only.statusCode !== null && only.statusCode < 400) return;
  attempts.forEach((attempt, index) => {
    span.addEvent(
      EVENT_SEXTANT_HTTP_ATTEMPT,
      attemptEventAttributes(attempt, index),
      attempt.startTime,
    );
  });
}
