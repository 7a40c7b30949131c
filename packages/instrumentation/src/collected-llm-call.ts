/**
 * One call seen by `collectLlmCalls`, as the eval runner uses it: the record (complete once the
 * call finished), evaluation events on the call's span, and ending a deferred span at the call's
 * real end time so durations are not inflated by scoring.
 */
import type { LlmCallRecord } from '@sextant/spec';
import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@sextant/spec';
import type { Attributes } from '@opentelemetry/api';
import type { ActiveLlmCall } from './active-llm-call.js';

export interface EvaluationResult {
  name: string;
  score: number;
  label?: string;
  explanation?: string;
}

export interface CollectedLlmCall {
  /** Complete when the call finished (stream consumed, errored or aborted). */
  record: LlmCallRecord;
  /** A `gen_ai.evaluation.result` event on the call's span; only effective with `deferSpanEnd`. */
  addEvaluation(result: EvaluationResult): void;
  /** Ends the span with its real end time (idempotent); only needed with `deferSpanEnd`. */
  end(): void;
}

export function collectedLlmCall(call: ActiveLlmCall, record: LlmCallRecord): CollectedLlmCall {
  return {
    record,
    addEvaluation(result) {
      call.safely(() => {
        const attributes: Attributes = {
          [ATTR_GEN_AI_EVALUATION_NAME]: result.name,
          [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: result.score,
        };
        if (result.label !== undefined)
          attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = result.label;
        if (result.explanation !== undefined) {
          attributes[ATTR_GEN_AI_EVALUATION_EXPLANATION] = result.explanation;
        }
        call.span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, attributes);
      });
    },
    end() {
      // A call still running when the block ended stops deferring: its own finish ends the span.
      if (call.finished) call.endSpan();
      else call.deferSpanEnd = false;
    },
  };
}
