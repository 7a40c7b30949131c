/**
 * What the GenAI conventions lack lives under `sextant.*`. Every value is set on the logical
 * call span (one per SDK method call) unless it says "attempt", which goes on each HTTP attempt
 * (an event named EVENT_SEXTANT_HTTP_ATTEMPT on the call span).
 */

// Attempts and retries, totals for the call.
export const ATTR_SEXTANT_ATTEMPT_COUNT = 'sextant.attempt.count';
export const ATTR_SEXTANT_RETRY_COUNT = 'sextant.retry.count';
/** Milliseconds spent between attempts (backoff, retry-after). */
export const ATTR_SEXTANT_RETRY_BACKOFF_MS = 'sextant.retry.backoff_ms';
export const ATTR_SEXTANT_CIRCUIT_STATE = 'sextant.circuit.state';
export const ATTR_SEXTANT_FALLBACK_TAKEN = 'sextant.fallback.taken';
export const ATTR_SEXTANT_FALLBACK_MODEL = 'sextant.fallback.model';

// Identities and sizes.
export const ATTR_SEXTANT_CLIENT_REQUEST_ID = 'sextant.request.client_request_id';
export const ATTR_SEXTANT_PROVIDER_REQUEST_ID = 'sextant.response.provider_request_id';
export const ATTR_SEXTANT_REQUEST_BODY_BYTES = 'sextant.request.body_bytes';
export const ATTR_SEXTANT_RESPONSE_BODY_BYTES = 'sextant.response.body_bytes';
export const ATTR_SEXTANT_REQUEST_TIMEOUT_MS = 'sextant.request.timeout_ms';
/** True when a stream ended without the provider reporting usage; token attributes are then absent. */
export const ATTR_SEXTANT_USAGE_MISSING = 'sextant.usage.missing';
/** Count of errors swallowed inside the instrumentation for this call. */
export const ATTR_SEXTANT_INSTRUMENTATION_ERRORS = 'sextant.instrumentation.errors';

// Rate-limit headers, last seen on the call (OpenAI `x-ratelimit-*`, Anthropic `anthropic-ratelimit-*`).
export const ATTR_SEXTANT_RATELIMIT_REQUESTS_LIMIT = 'sextant.ratelimit.requests.limit';
export const ATTR_SEXTANT_RATELIMIT_REQUESTS_REMAINING = 'sextant.ratelimit.requests.remaining';
export const ATTR_SEXTANT_RATELIMIT_REQUESTS_RESET = 'sextant.ratelimit.requests.reset';
export const ATTR_SEXTANT_RATELIMIT_TOKENS_LIMIT = 'sextant.ratelimit.tokens.limit';
export const ATTR_SEXTANT_RATELIMIT_TOKENS_REMAINING = 'sextant.ratelimit.tokens.remaining';
export const ATTR_SEXTANT_RATELIMIT_TOKENS_RESET = 'sextant.ratelimit.tokens.reset';

// Cost in USD, split into non-overlapping parts that sum to the total.
export const ATTR_SEXTANT_COST_USD = 'sextant.cost.usd';
export const ATTR_SEXTANT_COST_KNOWN = 'sextant.cost.known';
export const ATTR_SEXTANT_COST_INPUT_USD = 'sextant.cost.input_usd';
export const ATTR_SEXTANT_COST_CACHE_READ_USD = 'sextant.cost.cache_read_usd';
export const ATTR_SEXTANT_COST_CACHE_WRITE_USD = 'sextant.cost.cache_write_usd';
export const ATTR_SEXTANT_COST_OUTPUT_USD = 'sextant.cost.output_usd';

// One HTTP attempt (event attributes; also `http.response.status_code`, `http.request.resend_count`).
export const EVENT_SEXTANT_HTTP_ATTEMPT = 'sextant.http.attempt';
export const ATTR_SEXTANT_ATTEMPT_DURATION_MS = 'sextant.attempt.duration_ms';
export const ATTR_SEXTANT_ATTEMPT_RETRY_AFTER_MS = 'sextant.attempt.retry_after_ms';
export const ATTR_SEXTANT_ATTEMPT_ERROR = 'sextant.attempt.error';

// Eval context, set on spans made by the eval runner.
export const ATTR_SEXTANT_EVAL_RUN_ID = 'sextant.eval.run_id';
export const ATTR_SEXTANT_EVAL_SUITE = 'sextant.eval.suite';
export const ATTR_SEXTANT_EVAL_CASE_ID = 'sextant.eval.case_id';
export const ATTR_SEXTANT_EVAL_PROMPT_ID = 'sextant.eval.prompt_id';
export const ATTR_SEXTANT_EVAL_TARGET_ID = 'sextant.eval.target_id';
export const ATTR_SEXTANT_EVAL_REPEAT = 'sextant.eval.repeat';
/** `target` or `judge`: whose spend this call is. */
export const ATTR_SEXTANT_EVAL_ROLE = 'sextant.eval.role';
