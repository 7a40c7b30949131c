/** Eval runs by suite and branch, newest first (by start time), one row per run (FINAL). */
import type { EvalRun, EvalRunStatus } from '@sextant/spec';
import { fromRunRow, RUN_COLUMNS, type RunRowOut } from '../eval-rows.js';
import { qualifiedName } from '../identifiers.js';
import { EVAL_RUNS_TABLE } from '../migrations/0002-eval-tables.js';
import type { SextantClickHouse } from '../open-clickhouse.js';

export async function queryRuns(
  clickhouse: SextantClickHouse,
  options: { suite?: string; branch?: string; status?: EvalRunStatus; limit?: number } = {},
): Promise<EvalRun[]> {
  // The filters are fixed fragments chosen by which options are present; values stay parameters.
  const conditions = ['1'];
  if (options.suite !== undefined) conditions.push('suite = {suite:String}');
  if (options.branch !== undefined) conditions.push('git_branch = {branch:String}');
  if (options.status !== undefined) conditions.push('status = {status:String}');
  const result = await clickhouse.client.query({
    query: `SELECT ${RUN_COLUMNS} FROM ${qualifiedName(clickhouse.database, EVAL_RUNS_TABLE)} FINAL
      WHERE ${conditions.join(' AND ')}
      ORDER BY started_at DESC, run_id DESC
      LIMIT {limit:UInt32}`,
    query_params: {
      limit: options.limit ?? 50,
      ...(options.suite === undefined ? {} : { suite: options.suite }),
      ...(options.branch === undefined ? {} : { branch: options.branch }),
      ...(options.status === undefined ? {} : { status: options.status }),
    },
    format: 'JSONEachRow',
  });
  return (await result.json<RunRowOut>()).map(fromRunRow);
}

/**
 * The newest run of a suite on a branch with the given status (default `completed`: the run a
 * comparison can use as its baseline), or null.
 */
export async function queryLatestRun(
  clickhouse: SextantClickHouse,
  options: { suite: string; branch: string; status?: EvalRunStatus },
): Promise<EvalRun | null> {
  const [run] = await queryRuns(clickhouse, {
    suite: options.suite,
    branch: options.branch,
    status: options.status ?? 'completed',
    limit: 1,
  });
  return run ?? null;
}
