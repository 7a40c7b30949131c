/**
 * The keys of a run's stored results (each once, however often it was written); the result
 * store's `completedKeys`, which a resumed run skips.
 */
import type { EvalResultKey } from '@sextant/spec';
import type { SextantClickHouse } from './open-clickhouse.js';

export async function readCompletedKeys(options: {
  clickhouse: SextantClickHouse;
  /** Already qualified and quoted. */
  table: string;
  runId: string;
}): Promise<EvalResultKey[]> {
  const { runId } = options;
  const result = await options.clickhouse.client.query({
    query: `SELECT DISTINCT case_id, prompt_id, target_id, repeat FROM ${options.table}
      WHERE run_id = {runId:String}`,
    query_params: { runId },
    format: 'JSONCompactEachRow',
  });
  const rows = await result.json<[string, string, string, number | string]>();
  return rows.map(([caseId, promptId, targetId, repeat]) => ({
    runId,
    caseId,
    promptId,
    targetId,
    repeat: Number(repeat),
  }));
}
