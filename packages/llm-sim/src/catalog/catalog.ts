/**
 * The catalog of simulated models and answer rules, as written in YAML or passed by a test.
 * Every model here is a simulation: rules and seeded draws, never a real language model.
 * Omitted fields take the defaults named in the comments.
 */

/** A positive quantity described by its median and 95th percentile (fitted as log-normal). */
export interface Distribution {
  median: number;
  p95: number;
}

/** Probability (0..1) of each fault per request; kinds are drawn in this order, cumulatively. */
export interface FaultProfile {
  /** 429 with `retry-after` / `retry-after-ms`. */
  rateLimit?: number;
  /** 500. */
  serverError?: number;
  /** 503 on OpenAI routes, 529 (`overloaded_error`) on Anthropic routes. */
  overloaded?: number;
  /** The socket is destroyed before any response byte. */
  connectionReset?: number;
  /** No response until `hangMs` passes (then the socket is destroyed) or the server closes. */
  hang?: number;
  /** Streams: one SSE `data:` line that is not JSON. Non-streaming: a truncated JSON body. */
  malformedChunk?: number;
  /** The response ends half-way: streams lose their final events, bodies their second half. */
  streamCut?: number;
  /** Seconds announced in `retry-after` for rate-limit faults; default 1. */
  retryAfterSeconds?: number;
  /** How long a hang lasts before the socket is destroyed; default: until `close()`. */
  hangMs?: number;
}

export type ProviderName = 'openai' | 'anthropic' | 'any';

export interface CatalogModel {
  name: string;
  /** Which API may serve it; `any` (default) answers on both the OpenAI and Anthropic routes. */
  provider?: ProviderName;
  /** Other names a request may use for this model. */
  aliases?: string[];
  /** The `model` echoed in responses; default the requested name. */
  responseModel?: string;
  /** `chat` (default) or `embedding`. */
  kind?: 'chat' | 'embedding';
  /** Probability of answering a rule with its right answer; default 1. */
  accuracy?: number;
  /** Delays in milliseconds; default zero. */
  latency?: { ttftMs?: Distribution; interTokenMs?: Distribution };
  /** Length of free-form (fallback) answers in tokens; default median 40, p95 120. */
  outputTokens?: Distribution;
  /** Hidden reasoning tokens billed as output; default none. */
  reasoningTokens?: Distribution;
  /**
   * Prompt caching. OpenAI routes: a prompt whose prefix (all but the last message) was seen
   * before and has at least `minTokens` tokens reports it as cached (rounded down to 128).
   * Anthropic routes use `cache_control` blocks whatever this says. Default: no OpenAI caching.
   */
  promptCache?: { minTokens: number };
  /** Embedding models: vector length when the request does not ask for `dimensions`; default 1536. */
  embeddingDimensions?: number;
  /** Values reported in the rate-limit headers; defaults 10,000 requests and 2,000,000 tokens. */
  rateLimits?: { requestsPerMinute?: number; tokensPerMinute?: number };
  faults?: FaultProfile;
}

/** A plausible answer chosen by keywords, e.g. an intent label. */
export interface ClassifyOption {
  value: string | number | boolean;
  /** Whole words or phrases (case-insensitive) that select this option. */
  keywords: string[];
  /** Values a less accurate model confuses this one with; default: every other value. */
  confusableWith?: (string | number | boolean)[];
}

export interface ClassifyField {
  /** Tried in order; the first option with a keyword in the text wins. */
  options: ClassifyOption[];
  default: string | number | boolean;
}

export interface AccuracyAdjustment {
  /** A regular expression (case-insensitive) tested against the system prompt. */
  systemMatch: string;
  /** Added to the model's accuracy when the system prompt matches (result clamped to 0..1). */
  delta: number;
}

/**
 * pattern → answer. `match` is a regular expression tested against the last user message; the
 * answer template may use `{{1}}`, `{{name}}` (named groups), classify field names, `{{model}}`.
 */
export interface AnswerRule {
  name: string;
  match: string;
  /** Regular-expression flags; default `i`. */
  flags?: string;
  /** The rule applies only when the system prompt matches this (case-insensitive). */
  systemMatch?: string;
  answer: string;
  /** Wrong answers (templates) for the accuracy draw of rules without `classify`. */
  wrongAnswers?: string[];
  /** Fields derived from the text by keywords; a wrong answer swaps one field for a neighbour. */
  classify?: { text?: string; fields: Record<string, ClassifyField> };
  accuracyAdjustments?: AccuracyAdjustment[];
}

export interface Catalog {
  /** Start from the shipped default catalog: its models (same names are replaced) and rules. */
  extendsDefault?: boolean;
  models: CatalogModel[];
  /** Tried in order; the first match answers. */
  rules?: AnswerRule[];
  /** Template for prompts no rule matches; filler text pads it to the drawn output length. */
  fallback?: string;
}
