/**
 * Turns what a call learned into span attributes and the call record, in one pass at the end of
 * the call (one object, one `setAttributes`); metrics read their numbers from that object.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SEXTANT_ATTEMPT_COUNT,
  ATTR_SEXTANT_ATTEMPT_DURATION_MS,
  ATTR_SEXTANT_ATTEMPT_ERROR,
  ATTR_SEXTANT_ATTEMPT_RETRY_AFTER_MS,
  ATTR_SEXTANT_CLIENT_REQUEST_ID,
  ATTR_SEXTANT_COST_CACHE_READ_USD,
  ATTR_SEXTANT_COST_CACHE_WRITE_USD,
  ATTR_SEXTANT_COST_INPUT_USD,
  ATTR_SEXTANT_COST_KNOWN,
  ATTR_SEXTANT_COST_OUTPUT_USD,
  ATTR_SEXTANT_COST_USD,
  ATTR_SEXTANT_PROVIDER_REQUEST_ID,
  ATTR_SEXTANT_RATELIMIT_REQUESTS_LIMIT,
  ATTR_SEXTANT_RATELIMIT_REQUESTS_REMAINING,
  ATTR_SEXTANT_RATELIMIT_REQUESTS_RESET,
  ATTR_SEXTANT_RATELIMIT_TOKENS_LIMIT,
  ATTR_SEXTANT_RATELIMIT_TOKENS_REMAINING,
  ATTR_SEXTANT_RATELIMIT_TOKENS_RESET,
  ATTR_SEXTANT_REQUEST_BODY_BYTES,
  ATTR_SEXTANT_REQUEST_TIMEOUT_MS,
  ATTR_SEXTANT_RESPONSE_BODY_BYTES,
  ATTR_SEXTANT_RETRY_BACKOFF_MS,
  ATTR_SEXTANT_RETRY_COUNT,
  ATTR_SEXTANT_USAGE_MISSING,
  EVENT_SEXTANT_HTTP_ATTEMPT,
} from '@sextant/spec';
import type { ActiveLlmCall, CallEnding } from './active-llm-call.js';
import { errorType } from './error-type.js';
import type { HttpAttempt, RateLimits } from './http-attempt.js';
import { toTokenUsage } from './llm-call-outcome.js';
import type { ReportedUsage } from './llm-call-outcome.js';
import { redactedJson } from './redact-content.js';

const RATE_LIMIT_ATTRIBUTES: [keyof RateLimits, string][] = [
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

/**
 * One `sextant.http.attempt` event per attempt, at its start time, when the call was retried or
 * its only attempt failed; a single successful attempt is described by the span itself.
 */
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

function addAttemptTotals(call: ActiveLlmCall, attributes: Attributes): void {
  const { attempts, record } = call;
  let backoffMs = 0;
  let rateLimits: RateLimits | null = null;
  let providerRequestId: string | null = null;
  for (let index = 0; index < attempts.length; index += 1) {
    const attempt = attempts[index] as HttpAttempt;
    const previous = attempts[index - 1];
    if (previous !== undefined) backoffMs += Math.max(0, attempt.startTime - previous.endTime);
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
  attributes[ATTR_SEXTANT_ATTEMPT_COUNT] = attempts.length;
  attributes[ATTR_SEXTANT_RETRY_COUNT] = retries;
  attributes[ATTR_SEXTANT_RETRY_BACKOFF_MS] = backoffMs;
  if (providerRequestId !== null) attributes[ATTR_SEXTANT_PROVIDER_REQUEST_ID] = providerRequestId;
  if (rateLimits !== null) {
    for (const [field, name] of RATE_LIMIT_ATTRIBUTES) {
      const value = rateLimits[field];
      if (value !== undefined) attributes[name] = value;
    }
  }
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  if (last?.statusCode != null) attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = last.statusCode;
  if (first?.requestBodyBytes != null) {
    attributes[ATTR_SEXTANT_REQUEST_BODY_BYTES] = first.requestBodyBytes;
  }
  const responseBytes = last?.responseBodyBytes ?? call.streamedResponseBytes;
  if (responseBytes != null) attributes[ATTR_SEXTANT_RESPONSE_BODY_BYTES] = responseBytes;
  if (call.start.timeoutMs !== undefined) {
    attributes[ATTR_SEXTANT_REQUEST_TIMEOUT_MS] = call.start.timeoutMs;
  }
  if (call.clientRequestId !== null) {
    attributes[ATTR_SEXTANT_CLIENT_REQUEST_ID] = call.clientRequestId;
  }
}

function addUsageAndCost(call: ActiveLlmCall, reported: ReportedUsage, attributes: Attributes) {
  const { record, start } = call;
  const usage = toTokenUsage(reported);
  attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
  if (reported.outputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
  }
  if (reported.cacheReadInputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadInputTokens;
  }
  if (reported.cacheCreationInputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheCreationInputTokens;
  }
  if (reported.reasoningOutputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningOutputTokens;
  }
  const cost = call.settings.priceBook.cost(
    start.provider,
    start.requestModel,
    call.outcome.responseModel || null,
    usage,
  );
  attributes[ATTR_SEXTANT_COST_KNOWN] = cost.known;
  if (cost.known) {
    attributes[ATTR_SEXTANT_COST_USD] = cost.totalUsd;
    attributes[ATTR_SEXTANT_COST_INPUT_USD] = cost.inputUsd;
    attributes[ATTR_SEXTANT_COST_CACHE_READ_USD] = cost.cacheReadUsd;
    attributes[ATTR_SEXTANT_COST_CACHE_WRITE_USD] = cost.cacheWriteUsd;
    attributes[ATTR_SEXTANT_COST_OUTPUT_USD] = cost.outputUsd;
  }
  if (record !== undefined) {
    record.usage = usage;
    record.cost = cost;
  }
}

/** The span's finish attributes, in one object; fills the call record when there is one. */
export function finishAttributes(
  call: ActiveLlmCall,
  ending: CallEnding,
  endTime: number,
): Attributes {
  const { outcome, record, settings, start } = call;
  const attributes: Attributes = {};
  if (outcome.responseId) attributes[ATTR_GEN_AI_RESPONSE_ID] = outcome.responseId;
  if (outcome.responseModel) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = outcome.responseModel;
  const finishReasons = outcome.finishReasons;
  if (finishReasons !== undefined && finishReasons.length > 0) {
    attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = finishReasons;
  }
  if (start.stream && call.firstChunkTime !== null) {
    attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] =
      (call.firstChunkTime - call.startTime) / 1000;
  }
  if (outcome.usage) addUsageAndCost(call, outcome.usage, attributes);
  else if (ending.kind !== 'error') {
    // The call completed (or was cut short) without the provider reporting usage: say so.
    attributes[ATTR_SEXTANT_USAGE_MISSING] = true;
  }
  addAttemptTotals(call, attributes);
  if (ending.kind === 'error') attributes[ATTR_ERROR_TYPE] = errorType(ending.error);
  if (settings.captureContent && outcome.outputMessages !== undefined) {
    attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = redactedJson(outcome.outputMessages, {
      patterns: settings.redactPatterns,
      maxBytes: settings.maxContentBytes,
    });
  }
  if (record !== undefined) {
    record.durationMs = endTime - call.startTime;
    if (outcome.responseId) record.responseId = outcome.responseId;
    if (outcome.responseModel) record.responseModel = outcome.responseModel;
    if (finishReasons !== undefined && finishReasons.length > 0) {
      record.finishReasons = finishReasons;
    }
    if (start.stream && call.firstChunkTime !== null) {
      record.timeToFirstChunkMs = call.firstChunkTime - call.startTime;
    }
  }
  return attributes;
}
