/**
 * One work item, start to finish: render the prompt, answer from the cache or call the target,
 * score, put the scores on the call's span as `gen_ai.evaluation.result` events, end the span,
 * and build the result. Never throws: every failure becomes an error result.
 */
import { collectLlmCalls } from '@sextant/instrumentation';
import {
  ATTR_SEXTANT_EVAL_CASE_ID,
  ATTR_SEXTANT_EVAL_PROMPT_ID,
  ATTR_SEXTANT_EVAL_REPEAT,
  ATTR_SEXTANT_EVAL_ROLE,
  ATTR_SEXTANT_EVAL_TARGET_ID,
} from '@sextant/spec';
import type { EvalResult } from '@sextant/spec';
import { classifyError } from '../providers/classify-error.js';
import type { ChatMessage } from '../suite/suite-definition.js';
import type { CompiledTemplate } from '../template/compile-template.js';
import { buildResult, callFigures } from './build-result.js';
import type { ModelCaller } from './model-caller.js';
import { ResponseCache } from './response-cache.js';
import type { CachedResponse } from './response-cache.js';
import { scoreCase } from './score-case.js';
import type { ActiveScorer } from './score-case.js';
import type { WorkItem } from './work-items.js';

export interface ItemRunnerContext {
  runId: string;
  suite: string;
  caller: ModelCaller;
  scorers: readonly ActiveScorer[];
  threshold: number | null;
  /** Compiled message templates per prompt id. */
  templates: ReadonlyMap<string, readonly CompiledTemplate[]>;
  cache: ResponseCache | null;
  /** Whether a target's answers may be cached (its provider type says). */
  cacheable: (provider: string) => boolean;
  redact: (text: string) => string;
  signal: AbortSignal;
}

export interface ItemOutcome {
  result: EvalResult;
  /** Spend actually incurred by this item in this run (0 for cache hits). */
  freshTargetUsd: number | null;
}

export function createItemRunner(
  context: ItemRunnerContext,
): (item: WorkItem) => Promise<ItemOutcome> {
  // Pure scorers make no model calls, so a run of only those scores without collecting calls.
  const scoring = {
    ...context,
    collectsCalls: !context.scorers.every((scorer) => scorer.pure === true),
  };
  return async (item) => {
    const { evalCase, prompt, target } = item;
    const lookup = (name: string): unknown =>
      Object.hasOwn(evalCase.vars, name)
        ? evalCase.vars[name]
        : name === 'expected'
          ? evalCase.expected
          : name === 'id'
            ? evalCase.id
            : undefined;
    const templates = context.templates.get(prompt.id) ?? [];
    const messages: ChatMessage[] = prompt.messages.map((message, index) => ({
      role: message.role,
      content: templates[index]?.render(lookup) ?? message.content,
    }));
    const attributes = caseAttributes(item);
    const serialized =
      context.cache === null || !context.cacheable(target.provider)
        ? null
        : ResponseCache.serialize({
            provider: target.provider,
            model: target.model,
            parameters: target.parameters,
            client: await context.caller.requestIdentity(target),
            messages,
            tools: prompt.tools,
            responseFormat: prompt.responseFormat,
            repeat: item.repeat,
          });
    const cached = serialized === null ? null : await context.cache?.get(serialized);
    if (cached !== null && cached !== undefined) {
      const cacheHit = cached.runId !== context.runId;
      const caseScore = await score(scoring, {
        item,
        messages,
        lookup,
        response: cached,
        attributes,
      });
      const result = buildResult({
        item,
        runId: context.runId,
        suite: context.suite,
        response: cached,
        caseScore,
        error: null,
        cacheHit,
      });
      return { result, freshTargetUsd: 0 };
    }

    const call = await context.caller.call({
      target,
      messages,
      tools: prompt.tools,
      responseFormat: prompt.responseFormat,
      vars: evalCase.vars,
      signal: context.signal,
      // One literal, not a spread of `attributes`: spreading objects with computed keys took
      // ~6 us per call in V8 (a literal of the same keys, under 0.1 us).
      attributes: {
        [ATTR_SEXTANT_EVAL_CASE_ID]: evalCase.id,
        [ATTR_SEXTANT_EVAL_PROMPT_ID]: prompt.id,
        [ATTR_SEXTANT_EVAL_TARGET_ID]: target.id,
        [ATTR_SEXTANT_EVAL_REPEAT]: item.repeat,
        [ATTR_SEXTANT_EVAL_ROLE]: 'target',
      },
      deferSpanEnd: true,
    });
    const figures = callFigures(call.calls.map((collected) => collected.record));
    const response: CachedResponse = {
      output: call.outcome.ok ? call.outcome.value.output : '',
      finishReason: call.outcome.ok ? call.outcome.value.finishReason : null,
      toolCalls: call.outcome.ok ? call.outcome.value.toolCalls : [],
      usage: figures.usage,
      costUsd: figures.costUsd,
      latencyMs: call.latencyMs,
      timeToFirstChunkMs: figures.timeToFirstChunkMs,
      attempts: figures.attempts,
      retries: figures.retries,
      traceId: figures.traceId,
      spanId: figures.spanId,
      runId: context.runId,
      startedAt: call.startedAt,
    };
    try {
      if (!call.outcome.ok) {
        const error = call.timedOut
          ? {
              type: 'timeout',
              message: `no complete answer within the ${Math.round(call.latencyMs)} ms timeout`,
            }
          : classifyError(call.outcome.error, context.redact);
        const result = buildResult({
          item,
          runId: context.runId,
          suite: context.suite,
          response,
          caseScore: null,
          error,
          cacheHit: false,
        });
        return { result, freshTargetUsd: figures.costUsd };
      }
      if (response.finishReason === 'content_filter') {
        const error = {
          type: 'content_filter',
          message: 'the provider filtered the answer (finish reason content_filter)',
        };
        const result = buildResult({
          item,
          runId: context.runId,
          suite: context.suite,
          response,
          caseScore: null,
          error,
          cacheHit: false,
        });
        return { result, freshTargetUsd: figures.costUsd };
      }
      // Written before scoring, so a run killed from here on recovers this answer on resume.
      if (serialized !== null)
        await context.cache?.set(serialized, response).catch(() => undefined);
      const caseScore = await score(scoring, { item, messages, lookup, response, attributes });
      const span = call.calls[0];
      for (const outcome of caseScore.scores) {
        span?.addEvaluation({
          name: outcome.name,
          score: outcome.score,
          label: outcome.passed ? 'pass' : 'fail',
          explanation: outcome.reason,
        });
      }
      const result = buildResult({
        item,
        runId: context.runId,
        suite: context.suite,
        response,
        caseScore,
        error: null,
        cacheHit: false,
      });
      return { result, freshTargetUsd: figures.costUsd };
    } finally {
      for (const collected of call.calls) collected.end();
    }
  };
}

async function score(
  context: ItemRunnerContext & { collectsCalls: boolean },
  options: {
    item: WorkItem;
    messages: ChatMessage[];
    lookup: (name: string) => unknown;
    response: CachedResponse;
    attributes: Record<string, string | number>;
  },
): ReturnType<typeof scoreCase> {
  const { item, response } = options;
  const run = (): ReturnType<typeof scoreCase> =>
    scoreCase({
      scorers: context.scorers,
      threshold: context.threshold,
      input: {
        output: response.output,
        messages: options.messages,
        expected: item.evalCase.expected,
        caseId: item.evalCase.id,
        vars: item.evalCase.vars,
        lookup: options.lookup,
        toolCalls: response.toolCalls,
        finishReason: response.finishReason,
        latencyMs: response.latencyMs,
        costUsd: response.costUsd,
        signal: context.signal,
      },
    });
  // Judge calls made while scoring carry the case's attributes; pure scorers make none.
  let failure: unknown;
  if (!context.collectsCalls) {
    try {
      return await run();
    } catch (error) {
      failure = error;
    }
  } else {
    const scored = await collectLlmCalls(run, { attributes: options.attributes });
    if (scored.ok) return scored.value;
    failure = scored.error;
  }
  const message = context.redact((failure as Error).message ?? String(failure));
  return {
    scores: [],
    score: 0,
    passed: false,
    judge: null,
    error: { type: 'scorer_error', message },
  };
}

function caseAttributes(item: WorkItem): Record<string, string | number> {
  return {
    [ATTR_SEXTANT_EVAL_CASE_ID]: item.evalCase.id,
    [ATTR_SEXTANT_EVAL_PROMPT_ID]: item.prompt.id,
    [ATTR_SEXTANT_EVAL_TARGET_ID]: item.target.id,
    [ATTR_SEXTANT_EVAL_REPEAT]: item.repeat,
  };
}
