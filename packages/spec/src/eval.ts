/**
 * Eval contracts shared by the runner (`@sextant/eval`), the store (`@sextant/clickhouse`) and
 * the CLI. The runner writes only through `ResultStore`; it never knows which database is behind.
 */

/** One row of a dataset after validation. */
export interface EvalCase {
  /** The `id` column, or a stable hash of the variables when the dataset has none. */
  id: string;
  vars: Record<string, unknown>;
  expected: string | null;
  tags: string[];
  metadata: Record<string, string>;
  /** Where the case came from, for error messages. */
  source: { file: string; line: number };
}

/** A result is identified by this key within a run; stores are idempotent on it. */
export interface EvalResultKey {
  runId: string;
  caseId: string;
  promptId: string;
  targetId: string;
  /** 0-based repeat index. */
  repeat: number;
}

export interface ScorerOutcome {
  /** The scorer's name as configured (unique within a suite). */
  name: string;
  /** The scorer type (`equals`, `llm-judge`…). */
  type: string;
  score: number;
  passed: boolean;
  reason: string;
  weight: number;
  required: boolean;
}

export type EvalResultStatus = 'ok' | 'error';

export interface EvalResult extends EvalResultKey {
  suite: string;
  model: string;
  provider: string;
  /** `error` when the call failed (transport, timeout, 429 after retries, content filter): not a quality failure. */
  status: EvalResultStatus;
  errorType: string | null;
  errorMessage: string | null;
  output: string;
  finishReason: string | null;
  scores: ScorerOutcome[];
  /** Weighted mean of the scorers' scores, in [0, 1]. */
  score: number;
  /** Meets the threshold and every required scorer passed; always false for errors. */
  passed: boolean;
  latencyMs: number;
  timeToFirstChunkMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Target spend for this result (every attempt); null when the price is unknown. */
  costUsd: number | null;
  judgeCostUsd: number | null;
  judgeInputTokens: number;
  judgeOutputTokens: number;
  attempts: number;
  retries: number;
  cacheHit: boolean;
  traceId: string;
  spanId: string;
  /** Epoch milliseconds when the call started. */
  startedAt: number;
}

export type EvalRunStatus = 'running' | 'completed' | 'stopped-budget' | 'failed';
export type GateVerdict = 'pass' | 'regressed' | 'inconclusive' | 'incomplete' | 'none';

export interface EvalRun {
  runId: string;
  suite: string;
  description: string;
  gitSha: string;
  gitBranch: string;
  /** The resolved suite configuration as JSON (no secrets: keys are named, never stored). */
  config: string;
  promptHash: string;
  datasetHash: string;
  baselineRunId: string | null;
  status: EvalRunStatus;
  verdict: GateVerdict;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number | null;
}

/**
 * Where results go. Implementations batch writes, never count a key twice (re-sent batches and
 * resumed runs are safe), and keep the newest row for a key on reads.
 */
export interface ResultStore {
  /** Insert or replace the run row (status and verdict change as the run progresses). */
  saveRun(run: EvalRun): Promise<void>;
  getRun(runId: string): Promise<EvalRun | null>;
  /** Durable when the promise resolves. */
  writeResults(results: readonly EvalResult[]): Promise<void>;
  /** Keys already stored for a run (for resume). */
  completedKeys(runId: string): Promise<EvalResultKey[]>;
  /** Streams a run's results, one row per key, in no particular order. */
  readResults(runId: string): AsyncIterable<EvalResult>;
  /**
   * Optional, for stores that hold writes for a while to merge them into fewer inserts: send
   * what is held now. The runner calls it once no more results are coming, so the last batch
   * of a run does not wait out the merge window. Resolves when what was written is durable.
   */
  flush?(): Promise<void>;
  close(): Promise<void>;
}
