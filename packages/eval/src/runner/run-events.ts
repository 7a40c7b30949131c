/**
 * Events a run emits for reporters and progress displays, in order: one `run-start`, then a
 * `case-start` and a `case-end` per work item (case × prompt × target × repeat), then one
 * `run-end`. Listeners are called synchronously and must not throw (a throw is ignored).
 */
import type { EvalResult, EvalRunStatus } from '@sextant/spec';

export interface RunCounts {
  /** Work items this process is to run (after shard and resume filtering, before the budget). */
  planned: number;
  completed: number;
  passed: number;
  failed: number;
  errors: number;
  cacheHits: number;
  /** Keys a resumed run found already stored. */
  skippedCompleted: number;
  /** Keys that belong to other shards. */
  skippedShard: number;
  /** Items not started because the budget or a stop signal ended scheduling. */
  notStarted: number;
}

export interface RunSpend {
  targetUsd: number;
  judgeUsd: number;
  /** Results whose price was unknown (their spend is not in the totals). */
  unknownPriceResults: number;
}

export type RunEvent =
  | {
      type: 'run-start';
      runId: string;
      suite: string;
      planned: number;
      resumed: boolean;
      startedAt: number;
    }
  | {
      type: 'case-start';
      runId: string;
      caseId: string;
      promptId: string;
      targetId: string;
      repeat: number;
    }
  | { type: 'case-end'; runId: string; result: EvalResult; counts: RunCounts; spend: RunSpend }
  | {
      type: 'run-end';
      runId: string;
      status: EvalRunStatus;
      counts: RunCounts;
      spend: RunSpend;
      finishedAt: number;
    };

export type RunEventListener = (event: RunEvent) => void;
