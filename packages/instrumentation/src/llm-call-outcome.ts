/** What a call learned about its response; filled by the SDK adapters or `traceLlmCall` users. */
import type { TokenUsage } from '@sextant/spec';

/** Usage as the provider reported it; absent detail fields were not reported (never invented). */
export interface ReportedUsage {
  inputTokens: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
}

export interface LlmCallOutcome {
  responseId?: string | null;
  responseModel?: string | null;
  finishReasons?: string[];
  usage?: ReportedUsage | null;
  /** GenAI-convention output messages; recorded only when content capture is on. */
  outputMessages?: unknown[];
}

export function toTokenUsage(usage: ReportedUsage): TokenUsage {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens ?? 0,
    cacheReadInputTokens: usage.cacheReadInputTokens ?? 0,
    cacheCreationInputTokens: usage.cacheCreationInputTokens ?? 0,
    reasoningOutputTokens: usage.reasoningOutputTokens ?? 0,
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Reads a count from an untrusted payload; anything but a finite non-negative number is absent. */
export function countOrUndefined(value: unknown): number | undefined {
  return isCount(value) ? value : undefined;
}
