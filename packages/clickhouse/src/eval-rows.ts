/**
 * EvalRun and EvalResult ↔ rows of `sextant_eval_runs` / `sextant_eval_results` (columns and
 * units are described in migrations/0002-eval-tables.ts). Reads select times as epoch
 * milliseconds, and 64-bit integers arrive as strings (the client quotes them), hence `Number()`.
 */
import type { EvalResult, EvalRun, ScorerOutcome } from '@sextant/spec';
import type { InsertColumn } from './insert-rows.js';
import { millisecondsToDateTime64 } from './write-version.js';

export const RUN_COLUMNS = `run_id, suite, description, git_sha, git_branch, config, prompt_hash,
  dataset_hash, baseline_run_id, status, verdict, toUnixTimestamp64Milli(started_at) AS started_at_ms,
  toUnixTimestamp64Milli(finished_at) AS finished_at_ms`;

export const RESULT_COLUMNS = `run_id, prompt_id, target_id, case_id, repeat, suite, model, provider,
  status, error_type, error_message, output, finish_reason, scores, score, passed, latency_ms,
  time_to_first_chunk_ms, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
  cost_usd, judge_cost_usd, judge_input_tokens, judge_output_tokens, attempts, retries, cache_hit,
  trace_id, span_id, toUnixTimestamp64Milli(started_at) AS started_at_ms`;

type Numeric = number | string;

/** Insert column order of `toRunRow` objects and `toResultValues` arrays. */
export const RUN_INSERT_COLUMNS = [
  'run_id',
  'suite',
  'description',
  'git_sha',
  'git_branch',
  'config',
  'prompt_hash',
  'dataset_hash',
  'baseline_run_id',
  'status',
  'verdict',
  'started_at',
  'finished_at',
  'version',
] as const;

export const RESULT_INSERT_COLUMNS = [
  'run_id',
  'prompt_id',
  'target_id',
  'case_id',
  'repeat',
  'suite',
  'model',
  'provider',
  'status',
  'error_type',
  'error_message',
  'output',
  'finish_reason',
  'scores',
  'score_by_scorer',
  'score',
  'passed',
  'latency_ms',
  'time_to_first_chunk_ms',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
  'cost_usd',
  'judge_cost_usd',
  'judge_input_tokens',
  'judge_output_tokens',
  'attempts',
  'retries',
  'cache_hit',
  'trace_id',
  'span_id',
  'started_at',
  'version',
] as const;

/** RESULT_INSERT_COLUMNS with how each value travels in a Native block (default String). */
const RESULT_NATIVE_TYPES: Partial<
  Record<(typeof RESULT_INSERT_COLUMNS)[number], InsertColumn['nativeType']>
> = {
  repeat: 'UInt32',
  error_type: 'Nullable(String)',
  error_message: 'Nullable(String)',
  finish_reason: 'Nullable(String)',
  score_by_scorer: 'Map(String, Float64)',
  score: 'Float64',
  passed: 'Bool',
  latency_ms: 'Float64',
  time_to_first_chunk_ms: 'Nullable(Float64)',
  cost_usd: 'Nullable(Float64)',
  judge_cost_usd: 'Nullable(Float64)',
  attempts: 'UInt32',
  retries: 'UInt32',
  cache_hit: 'Bool',
  version: 'UInt64',
  input_tokens: 'UInt64',
  output_tokens: 'UInt64',
  cached_input_tokens: 'UInt64',
  reasoning_tokens: 'UInt64',
  judge_input_tokens: 'UInt64',
  judge_output_tokens: 'UInt64',
};

export const RESULT_NATIVE_COLUMNS: readonly InsertColumn[] = RESULT_INSERT_COLUMNS.map((name) => ({
  name,
  nativeType: RESULT_NATIVE_TYPES[name] ?? 'String',
}));

export function rowValues(row: Record<string, unknown>, columns: readonly string[]): unknown[] {
  return columns.map((column) => row[column]);
}

export interface RunRowOut {
  run_id: string;
  suite: string;
  description: string;
  git_sha: string;
  git_branch: string;
  config: string;
  prompt_hash: string;
  dataset_hash: string;
  baseline_run_id: string | null;
  status: string;
  verdict: string;
  started_at_ms: Numeric;
  finished_at_ms: Numeric | null;
}

export function toRunRow(run: EvalRun, version: number): Record<string, unknown> {
  return {
    run_id: run.runId,
    suite: run.suite,
    description: run.description,
    git_sha: run.gitSha,
    git_branch: run.gitBranch,
    config: run.config,
    prompt_hash: run.promptHash,
    dataset_hash: run.datasetHash,
    baseline_run_id: run.baselineRunId,
    status: run.status,
    verdict: run.verdict,
    started_at: millisecondsToDateTime64(run.startedAt),
    finished_at: run.finishedAt === null ? null : millisecondsToDateTime64(run.finishedAt),
    version,
  };
}

export function fromRunRow(row: RunRowOut): EvalRun {
  return {
    runId: row.run_id,
    suite: row.suite,
    description: row.description,
    gitSha: row.git_sha,
    gitBranch: row.git_branch,
    config: row.config,
    promptHash: row.prompt_hash,
    datasetHash: row.dataset_hash,
    baselineRunId: row.baseline_run_id,
    status: row.status as EvalRun['status'],
    verdict: row.verdict as EvalRun['verdict'],
    startedAt: Number(row.started_at_ms),
    finishedAt: row.finished_at_ms === null ? null : Number(row.finished_at_ms),
  };
}

/**
 * The result's row as values in RESULT_INSERT_COLUMNS order, without building an object per row
 * first (the store's hot path).
 */
export function toResultValues(result: EvalResult, version: number): unknown[] {
  // No prototype, so a scorer named `__proto__` is a key like any other.
  const scoreByScorer = Object.create(null) as Record<string, number>;
  for (const scorer of result.scores) scoreByScorer[scorer.name] = scorer.score;
  return [
    result.runId,
    result.promptId,
    result.targetId,
    result.caseId,
    result.repeat,
    result.suite,
    result.model,
    result.provider,
    result.status,
    result.errorType,
    result.errorMessage,
    result.output,
    result.finishReason,
    JSON.stringify(result.scores),
    scoreByScorer,
    result.score,
    result.passed,
    result.latencyMs,
    result.timeToFirstChunkMs,
    result.inputTokens,
    result.outputTokens,
    result.cachedInputTokens,
    result.reasoningTokens,
    result.costUsd,
    result.judgeCostUsd,
    result.judgeInputTokens,
    result.judgeOutputTokens,
    result.attempts,
    result.retries,
    result.cacheHit,
    result.traceId,
    result.spanId,
    millisecondsToDateTime64(result.startedAt),
    version,
  ];
}

export interface ResultRowOut {
  run_id: string;
  prompt_id: string;
  target_id: string;
  case_id: string;
  repeat: Numeric;
  suite: string;
  model: string;
  provider: string;
  status: string;
  error_type: string | null;
  error_message: string | null;
  output: string;
  finish_reason: string | null;
  scores: string;
  score: number;
  passed: boolean;
  latency_ms: number;
  time_to_first_chunk_ms: number | null;
  input_tokens: Numeric;
  output_tokens: Numeric;
  cached_input_tokens: Numeric;
  reasoning_tokens: Numeric;
  cost_usd: number | null;
  judge_cost_usd: number | null;
  judge_input_tokens: Numeric;
  judge_output_tokens: Numeric;
  attempts: Numeric;
  retries: Numeric;
  cache_hit: boolean;
  trace_id: string;
  span_id: string;
  started_at_ms: Numeric;
}

export function fromResultRow(row: ResultRowOut): EvalResult {
  return {
    runId: row.run_id,
    caseId: row.case_id,
    promptId: row.prompt_id,
    targetId: row.target_id,
    repeat: Number(row.repeat),
    suite: row.suite,
    model: row.model,
    provider: row.provider,
    status: row.status as EvalResult['status'],
    errorType: row.error_type,
    errorMessage: row.error_message,
    output: row.output,
    finishReason: row.finish_reason,
    scores: JSON.parse(row.scores) as ScorerOutcome[],
    score: row.score,
    passed: row.passed,
    latencyMs: row.latency_ms,
    timeToFirstChunkMs: row.time_to_first_chunk_ms,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cachedInputTokens: Number(row.cached_input_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    costUsd: row.cost_usd,
    judgeCostUsd: row.judge_cost_usd,
    judgeInputTokens: Number(row.judge_input_tokens),
    judgeOutputTokens: Number(row.judge_output_tokens),
    attempts: Number(row.attempts),
    retries: Number(row.retries),
    cacheHit: row.cache_hit,
    traceId: row.trace_id,
    spanId: row.span_id,
    startedAt: Number(row.started_at_ms),
  };
}
