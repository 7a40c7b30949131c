/**
 * Writes what a call learned onto its span at the end of the call, straight through
 * `span.setAttribute`: no intermediate object (one with twenty-odd keys would fall into V8's
 * dictionary mode and make the SDK's copy loop slow), and no attribute work at all for a span
 * that records nothing. Fills the call record when there is one and returns the totals the
 * metrics need.
 */
import type { AttributeValue } from '@opentelemetry/api';
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
  ATTR_SEXTANT_COST_CACHE_READ_USD,
  ATTR_SEXTANT_COST_CACHE_WRITE_USD,
  ATTR_SEXTANT_COST_INPUT_USD,
  ATTR_SEXTANT_COST_KNOWN,
  ATTR_SEXTANT_COST_OUTPUT_USD,
  ATTR_SEXTANT_COST_USD,
  ATTR_SEXTANT_USAGE_MISSING,
} from '@sextant/spec';
import type { ActiveLlmCall, CallEnding } from './active-llm-call.js';
import { errorType } from './error-type.js';
import { toTokenUsage } from './llm-call-outcome.js';
import type { ReportedUsage } from './llm-call-outcome.js';
import { redactedJson } from './redact-content.js';
import { writeAttemptTotals } from './write-attempt-totals.js';

export interface AttributeSink {
  setAttribute(key: string, value: AttributeValue): unknown;
}

const DISCARD: AttributeSink = { setAttribute: () => undefined };

/** What the metrics need from a finished call. */
export interface CallTotals {
  responseModel: string | null;
  timeToFirstChunkSeconds: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  errorType: string | null;
}

function writeUsageAndCost(
  call: ActiveLlmCall,
  reported: ReportedUsage,
  sink: AttributeSink,
  totals: CallTotals,
): void {
  const { record, start } = call;
  const usage = toTokenUsage(reported);
  totals.inputTokens = usage.inputTokens;
  sink.setAttribute(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
  if (reported.outputTokens !== undefined) {
    totals.outputTokens = usage.outputTokens;
    sink.setAttribute(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
  }
  if (reported.cacheReadInputTokens !== undefined) {
    sink.setAttribute(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens);
  }
  if (reported.cacheCreationInputTokens !== undefined) {
    sink.setAttribute(
      ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
      usage.cacheCreationInputTokens,
    );
  }
  if (reported.reasoningOutputTokens !== undefined) {
    sink.setAttribute(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutputTokens);
  }
  const cost = call.settings.priceBook.cost(
    start.provider,
    start.requestModel,
    totals.responseModel,
    usage,
  );
  sink.setAttribute(ATTR_SEXTANT_COST_KNOWN, cost.known);
  if (cost.known) {
    totals.costUsd = cost.totalUsd;
    sink.setAttribute(ATTR_SEXTANT_COST_USD, cost.totalUsd);
    sink.setAttribute(ATTR_SEXTANT_COST_INPUT_USD, cost.inputUsd);
    sink.setAttribute(ATTR_SEXTANT_COST_CACHE_READ_USD, cost.cacheReadUsd);
    sink.setAttribute(ATTR_SEXTANT_COST_CACHE_WRITE_USD, cost.cacheWriteUsd);
    sink.setAttribute(ATTR_SEXTANT_COST_OUTPUT_USD, cost.outputUsd);
  }
  if (record !== undefined) {
    record.usage = usage;
    record.cost = cost;
  }
}

function fillRecord(call: ActiveLlmCall, endTime: number, totals: CallTotals): void {
  const { outcome, record } = call;
  if (record === undefined) return;
  record.durationMs = endTime - call.startTime;
  if (outcome.responseId) record.responseId = outcome.responseId;
  record.responseModel = totals.responseModel;
  const finishReasons = outcome.finishReasons;
  if (finishReasons !== undefined && finishReasons.length > 0) record.finishReasons = finishReasons;
  if (totals.timeToFirstChunkSeconds !== null && call.firstChunkTime !== null) {
    record.timeToFirstChunkMs = call.firstChunkTime - call.startTime;
  }
  record.errorType = totals.errorType;
}

export function writeFinishAttributes(
  call: ActiveLlmCall,
  ending: CallEnding,
  endTime: number,
): CallTotals {
  const { outcome, settings, start, span } = call;
  const sink: AttributeSink = span.isRecording() ? span : DISCARD;
  const totals: CallTotals = {
    responseModel: outcome.responseModel || null,
    timeToFirstChunkSeconds: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    errorType: ending.kind === 'error' ? (ending.errorType ?? errorType(ending.error)) : null,
  };
  if (outcome.responseId) sink.setAttribute(ATTR_GEN_AI_RESPONSE_ID, outcome.responseId);
  if (totals.responseModel !== null) {
    sink.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, totals.responseModel);
  }
  const finishReasons = outcome.finishReasons;
  if (finishReasons !== undefined && finishReasons.length > 0) {
    sink.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, finishReasons);
  }
  if (start.stream && call.firstChunkTime !== null) {
    totals.timeToFirstChunkSeconds = (call.firstChunkTime - call.startTime) / 1000;
    sink.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, totals.timeToFirstChunkSeconds);
  }
  if (outcome.usage) writeUsageAndCost(call, outcome.usage, sink, totals);
  else if (ending.kind !== 'error') {
    // The call completed (or was cut short) without the provider reporting usage: say so.
    sink.setAttribute(ATTR_SEXTANT_USAGE_MISSING, true);
  }
  writeAttemptTotals(call, sink);
  if (totals.errorType !== null) sink.setAttribute(ATTR_ERROR_TYPE, totals.errorType);
  if (settings.captureContent && outcome.outputMessages !== undefined && sink !== DISCARD) {
    sink.setAttribute(
      ATTR_GEN_AI_OUTPUT_MESSAGES,
      redactedJson(outcome.outputMessages, {
        patterns: settings.redactPatterns,
        maxBytes: settings.maxContentBytes,
      }),
    );
  }
  fillRecord(call, endTime, totals);
  return totals;
}
