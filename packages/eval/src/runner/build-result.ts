/**
 * Assembles an `EvalResult` from what a work item produced: the provider's answer (or error),
 * the instrumentation records of its calls (summed when a provider made several), the scores.
 */
import type { EvalResult, LlmCallRecord, TokenUsage } from '@sextant/spec';
import type { CachedResponse } from './response-cache.js';
import type { CaseScore } from './score-case.js';
import type { WorkItem } from './work-items.js';

export interface CallFigures {
  usage: TokenUsage | null;
  costUsd: number | null;
  timeToFirstChunkMs: number | null;
  attempts: number;
  retries: number;
  traceId: string;
  spanId: string;
}

/** Sums the records of one work item's calls; cost is unknown when any call's price is. */
export function callFigures(records: readonly LlmCallRecord[]): CallFigures {
  const first = records[0];
  let usage: TokenUsage | null = null;
  let costUsd: number | null = records.length === 0 ? null : 0;
  let attempts = 0;
  let retries = 0;
  for (const record of records) {
    if (record.usage !== null) {
      usage ??= {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadInputTokens: 0,
        cacheCreationInputTokens: 0,
        reasoningOutputTokens: 0,
      };
      usage.inputTokens += record.usage.inputTokens;
      usage.outputTokens += record.usage.outputTokens;
      usage.cacheReadInputTokens += record.usage.cacheReadInputTokens;
      usage.cacheCreationInputTokens += record.usage.cacheCreationInputTokens;
      usage.reasoningOutputTokens += record.usage.reasoningOutputTokens;
    }
    costUsd = costUsd === null || !record.cost.known ? null : costUsd + record.cost.totalUsd;
    attempts += record.attempts;
    retries += record.retries;
  }
  return {
    usage,
    costUsd,
    timeToFirstChunkMs: first?.timeToFirstChunkMs ?? null,
    attempts: Math.max(1, attempts),
    retries,
    traceId: first?.traceId ?? '',
    spanId: first?.spanId ?? '',
  };
}

export function buildResult(options: {
  item: WorkItem;
  runId: string;
  suite: string;
  response: CachedResponse;
  caseScore: CaseScore | null;
  error: { type: string; message: string } | null;
  cacheHit: boolean;
}): EvalResult {
  const { item, response, caseScore } = options;
  const error = options.error ?? caseScore?.error ?? null;
  const usage = response.usage;
  return {
    runId: options.runId,
    caseId: item.evalCase.id,
    promptId: item.prompt.id,
    targetId: item.target.id,
    repeat: item.repeat,
    suite: options.suite,
    model: item.target.model,
    provider: item.target.provider,
    status: error === null ? 'ok' : 'error',
    errorType: error?.type ?? null,
    errorMessage: error?.message ?? null,
    output: response.output,
    finishReason: response.finishReason,
    scores: caseScore?.scores ?? [],
    score: error === null ? (caseScore?.score ?? 0) : 0,
    passed: error === null && (caseScore?.passed ?? false),
    latencyMs: response.latencyMs,
    timeToFirstChunkMs: response.timeToFirstChunkMs,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.cacheReadInputTokens ?? 0,
    reasoningTokens: usage?.reasoningOutputTokens ?? 0,
    costUsd: response.costUsd,
    judgeCostUsd: caseScore?.judge?.costUsd ?? null,
    judgeInputTokens: caseScore?.judge?.inputTokens ?? 0,
    judgeOutputTokens: caseScore?.judge?.outputTokens ?? 0,
    attempts: response.attempts,
    retries: response.retries,
    cacheHit: options.cacheHit,
    traceId: response.traceId,
    spanId: response.spanId,
    startedAt: response.startedAt,
  };
}
