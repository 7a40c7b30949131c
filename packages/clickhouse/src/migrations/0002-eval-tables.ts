/**
 * Eval storage: one row per run and one per result key. Both are ReplacingMergeTree on their key
 * with a `version` column (write time in microseconds, strictly increasing within a process), so a
 * re-sent batch or a re-saved run replaces rather than adds. Merges happen whenever ClickHouse
 * likes, so every reader uses `FINAL` (or groups by the key): a duplicate never counts twice, even
 * before a merge.
 *
 * Columns and units (results): latency_ms and time_to_first_chunk_ms in milliseconds (TTFT NULL
 * for non-streamed calls); tokens are counts (input includes cached, output includes reasoning);
 * cost_usd / judge_cost_usd in US dollars, NULL when the price is unknown (never 0); scores is the
 * JSON array of scorer outcomes and score_by_scorer its name → score map for dashboards;
 * started_at is the call start (UTC, millisecond precision).
 */
import { qualifiedName } from '../identifiers.js';
import type { Migration } from './migration.js';
import { onCluster, renderCreateTable } from './schema-rendering.js';
import { renderRunSummarySelect } from './run-summary-select.js';

export const EVAL_RUNS_TABLE = 'sextant_eval_runs';
export const EVAL_RESULTS_TABLE = 'sextant_eval_results';
export const EVAL_RUN_SUMMARY_VIEW = 'sextant_eval_run_summary';

const RUNS_COLUMNS = `    run_id String,
    suite String,
    description String,
    git_sha String,
    git_branch String,
    config String CODEC(ZSTD(3)),
    prompt_hash String,
    dataset_hash String,
    baseline_run_id Nullable(String),
    status LowCardinality(String),
    verdict LowCardinality(String),
    started_at DateTime64(3, 'UTC'),
    finished_at Nullable(DateTime64(3, 'UTC')),
    version UInt64`;

const RESULTS_COLUMNS = `    run_id String,
    prompt_id String,
    target_id String,
    case_id String,
    repeat UInt32,
    suite String,
    model LowCardinality(String),
    provider LowCardinality(String),
    status LowCardinality(String),
    error_type Nullable(String),
    error_message Nullable(String),
    output String CODEC(ZSTD(3)),
    finish_reason Nullable(String),
    scores String CODEC(ZSTD(3)),
    score_by_scorer Map(LowCardinality(String), Float64),
    score Float64,
    passed Bool,
    latency_ms Float64,
    time_to_first_chunk_ms Nullable(Float64),
    input_tokens UInt64,
    output_tokens UInt64,
    cached_input_tokens UInt64,
    reasoning_tokens UInt64,
    cost_usd Nullable(Float64),
    judge_cost_usd Nullable(Float64),
    judge_input_tokens UInt64,
    judge_output_tokens UInt64,
    attempts UInt32,
    retries UInt32,
    cache_hit Bool,
    trace_id String,
    span_id String,
    started_at DateTime64(3, 'UTC'),
    version UInt64`;

export const evalTablesMigration: Migration = {
  version: '0002',
  name: 'eval_tables',
  statements: (context) => [
    ...renderCreateTable(context, {
      name: EVAL_RUNS_TABLE,
      columns: RUNS_COLUMNS,
      engine: 'ReplacingMergeTree',
      engineArguments: 'version',
      clauses: 'ORDER BY run_id',
      shardingKey: 'cityHash64(run_id)',
    }),
    ...renderCreateTable(context, {
      name: EVAL_RESULTS_TABLE,
      columns: RESULTS_COLUMNS,
      engine: 'ReplacingMergeTree',
      engineArguments: 'version',
      // No time partitioning: ReplacingMergeTree only replaces within a partition.
      clauses: 'ORDER BY (run_id, prompt_id, target_id, case_id, repeat)',
      shardingKey: 'cityHash64(run_id)',
    }),
    `CREATE VIEW IF NOT EXISTS ${qualifiedName(context.database, EVAL_RUN_SUMMARY_VIEW)}${onCluster(context)} AS\n` +
      renderRunSummarySelect({
        results: qualifiedName(context.database, EVAL_RESULTS_TABLE),
        where: '1',
      }),
  ],
};
