/**
 * The call's HTTP attempts summed up on its span (`sextant.attempt.count`, retries, backoff
 * waited, body bytes, timeout, request ids, the last rate limits seen, the last status code)
 * and in its record.
 */
import {
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SEXTANT_ATTEMPT_COUNT,
  ATTR_SEXTANT_CLIENT_REQUEST_ID,
  ATTR_SEXTANT_PROVIDER_REQUEST_ID,
  ATTR_SEXTANT_REQUEST_BODY_BYTES,
  ATTR_SEXTANT_REQUEST_TIMEOUT_MS,
  ATTR_SEXTANT_RESPONSE_BODY_BYTES,
  ATTR_SEXTANT_RETRY_BACKOFF_MS,
  ATTR_SEXTANT_RETRY_COUNT,
} from '@sextant/spec';
import type { ActiveLlmCall } from './active-llm-call.js';
import { RATE_LIMIT_ATTRIBUTES } from './attempt-events.js';
import type { RateLimits } from './http-attempt.js';
import type { AttributeSink } from './write-finish-attributes.js';

export function writeAttemptTotals(call: ActiveLlmCall, sink: AttributeSink): void {
  const { attempts, record } = call;
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  let backoffMs = 0;
  let rateLimits: RateLimits | null = first?.rateLimits ?? null;
  let providerRequestId: string | null = first?.providerRequestId ?? null;
  // From the second attempt on: the wait since the previous one ended.
  for (let index = 1; index < attempts.length; index += 1) {
    const attempt = attempts[index]!;
    backoffMs += Math.max(0, attempt.startTime - attempts[index - 1]!.endTime);
    rateLimits = attempt.rateLimits ?? rateLimits;
    providerRequestId = attempt.providerRequestId ?? providerRequestId;
  }
  const retries = Math.max(0, attempts.length - 1);
  if (record !== undefined) {
    record.attempts = attempts.length;
    record.retries = retries;
    record.backoffMs = backoffMs;
    record.providerRequestId = providerRequestId;
  }
  sink.setAttribute(ATTR_SEXTANT_ATTEMPT_COUNT, attempts.length);
  sink.setAttribute(ATTR_SEXTANT_RETRY_COUNT, retries);
  sink.setAttribute(ATTR_SEXTANT_RETRY_BACKOFF_MS, backoffMs);
  if (providerRequestId !== null) {
    sink.setAttribute(ATTR_SEXTANT_PROVIDER_REQUEST_ID, providerRequestId);
  }
  if (rateLimits !== null) {
    for (const [field, name] of RATE_LIMIT_ATTRIBUTES) {
      const value = rateLimits[field];
      if (value !== undefined) sink.setAttribute(name, value);
    }
  }
  if (last?.statusCode != null) sink.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, last.statusCode);
  if (first?.requestBodyBytes != null) {
    sink.setAttribute(ATTR_SEXTANT_REQUEST_BODY_BYTES, first.requestBodyBytes);
  }
  const responseBytes = last?.responseBodyBytes ?? call.streamedResponseBytes;
  if (responseBytes != null) sink.setAttribute(ATTR_SEXTANT_RESPONSE_BODY_BYTES, responseBytes);
  if (call.start.timeoutMs !== undefined) {
    sink.setAttribute(ATTR_SEXTANT_REQUEST_TIMEOUT_MS, call.start.timeoutMs);
  }
  if (call.clientRequestId !== null) {
    sink.setAttribute(ATTR_SEXTANT_CLIENT_REQUEST_ID, call.clientRequestId);
  }
}
