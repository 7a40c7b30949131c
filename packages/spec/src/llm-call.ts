/**
 * What instrumentation knows about one logical LLM call (one SDK method call, all its HTTP
 * attempts included). The eval runner reads it to fill results; it mirrors the span attributes.
 */

/** Token counts as the GenAI conventions define them: input includes cached, output includes reasoning. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  reasoningOutputTokens: number;
}

/** Cost in USD split into non-overlapping parts; `known: false` means no price, never $0. */
export type CallCost =
  | {
      known: true;
      totalUsd: number;
      inputUsd: number;
      cacheReadUsd: number;
      cacheWriteUsd: number;
      outputUsd: number;
    }
  | { known: false };

export interface LlmCallRecord {
  provider: string;
  operation: string;
  requestModel: string;
  responseModel: string | null;
  responseId: string | null;
  finishReasons: string[];
  /** null when the provider did not report usage (never invented). */
  usage: TokenUsage | null;
  cost: CallCost;
  stream: boolean;
  /** Wall time of the whole call, first attempt to last byte, in milliseconds. */
  durationMs: number;
  /** Streaming only: request issued to first chunk, in milliseconds. */
  timeToFirstChunkMs: number | null;
  attempts: number;
  retries: number;
  backoffMs: number;
  providerRequestId: string | null;
  /** Hex ids of the call span; empty strings when no tracer provider is registered. */
  traceId: string;
  spanId: string;
  /** `error.type` when the call failed. */
  errorType: string | null;
}
