/**
 * Per-case results of a baseline and a candidate run, joined on the result key within a run
 * (prompt, target, case, repeat). A key present in only one run still appears, with the other
 * side null, so missing cases are visible rather than silently dropped.
 */
import { qualifiedName } from '../identifiers.js';
import { EVAL_RESULTS_TABLE } from '../migrations/0002-eval-tables.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { toNumber, toNumberOrNull } from './query-values.js';

export interface CaseSide {
  status: 'ok' | 'error';
  passed: boolean;
  /** Weighted score in [0, 1]. */
  score: number;
  latencyMs: number;
  /** USD; null when the price is unknown. */
  costUsd: number | null;
}

export interface CaseComparisonRow {
  promptId: string;
  targetId: string;
  caseId: string;
  repeat: number;
  baseline: CaseSide | null;
  candidate: CaseSide | null;
}

export async function queryCaseComparison(
  clickhouse: SextantClickHouse,
  options: { baselineRunId: string; candidateRunId: string },
): Promise<CaseComparisonRow[]> {
  const results = qualifiedName(clickhouse.database, EVAL_RESULTS_TABLE);
  const side = (parameter: string): string =>
    `(SELECT prompt_id, target_id, case_id, repeat, status, passed, score, latency_ms, cost_usd
      FROM ${results} FINAL WHERE run_id = {${parameter}:String})`;
  const result = await clickhouse.client.query({
    query: `SELECT
        if(b.case_id IS NULL, c.prompt_id, b.prompt_id) AS prompt_id,
        if(b.case_id IS NULL, c.target_id, b.target_id) AS target_id,
        if(b.case_id IS NULL, c.case_id, b.case_id) AS case_id,
        if(b.case_id IS NULL, c.repeat, b.repeat) AS repeat,
        b.case_id IS NOT NULL AS has_baseline,
        b.status AS baseline_status, b.passed AS baseline_passed, b.score AS baseline_score,
        b.latency_ms AS baseline_latency_ms, b.cost_usd AS baseline_cost_usd,
        c.case_id IS NOT NULL AS has_candidate,
        c.status AS candidate_status, c.passed AS candidate_passed, c.score AS candidate_score,
        c.latency_ms AS candidate_latency_ms, c.cost_usd AS candidate_cost_usd
      FROM ${side('baselineRunId')} AS b
      FULL OUTER JOIN ${side('candidateRunId')} AS c
        ON b.prompt_id = c.prompt_id AND b.target_id = c.target_id
          AND b.case_id = c.case_id AND b.repeat = c.repeat
      ORDER BY prompt_id, target_id, case_id, repeat
      SETTINGS join_use_nulls = 1`,
    query_params: {
      baselineRunId: options.baselineRunId,
      candidateRunId: options.candidateRunId,
    },
    format: 'JSONEachRow',
  });
  const rows = await result.json<Record<string, unknown>>();
  return rows.map((row) => ({
    promptId: String(row['prompt_id']),
    targetId: String(row['target_id']),
    caseId: String(row['case_id']),
    repeat: toNumber(row['repeat']),
    baseline: readSide(row, 'baseline'),
    candidate: readSide(row, 'candidate'),
  }));
}

function readSide(row: Record<string, unknown>, prefix: 'baseline' | 'candidate'): CaseSide | null {
  if (!truthy(row[`has_${prefix}`])) return null;
  return {
    status: row[`${prefix}_status`] === 'error' ? 'error' : 'ok',
    passed: truthy(row[`${prefix}_passed`]),
    score: toNumber(row[`${prefix}_score`]),
    latencyMs: toNumber(row[`${prefix}_latency_ms`]),
    costUsd: toNumberOrNull(row[`${prefix}_cost_usd`]),
  };
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
