/**
 * A ClickHouse result store on the real engine (chDB) for runner tests: one temp data directory
 * per test process (chDB binds one per process), one database per test, dropped on close.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseResultStore, openClickHouse } from '@sextant/clickhouse';
import type { SextantClickHouse } from '@sextant/clickhouse';
import type { EvalResult } from '@sextant/spec';

export const testDataDirectory = join(tmpdir(), `sextant-eval-test-${process.pid}`);
process.once('exit', () => rmSync(testDataDirectory, { recursive: true, force: true }));

export interface TestStore {
  clickhouse: SextantClickHouse;
  store: ClickHouseResultStore;
  /** Every stored row of a run, duplicates included (what a careless writer would leave). */
  rawRowCount(runId: string): Promise<number>;
  results(runId: string): Promise<EvalResult[]>;
  close(): Promise<void>;
}

export async function openTestStore(
  options: { dataDirectory?: string; database?: string } = {},
): Promise<TestStore> {
  const database = options.database ?? `eval_${randomBytes(6).toString('hex')}`;
  const clickhouse = await openClickHouse({
    url: '',
    dataDir: options.dataDirectory ?? testDataDirectory,
    database,
  });
  const store = new ClickHouseResultStore({ clickhouse, flushIntervalMs: 10 });
  return {
    clickhouse,
    store,
    async rawRowCount(runId) {
      const result = await clickhouse.client.query({
        query: `SELECT count() AS rows FROM \`${database}\`.sextant_eval_results WHERE run_id = {runId:String}`,
        query_params: { runId },
        format: 'JSONEachRow',
      });
      const rows = await result.json<{ rows: string }>();
      return Number(rows[0]?.rows ?? 0);
    },
    async results(runId) {
      const all: EvalResult[] = [];
      for await (const result of store.readResults(runId)) all.push(result);
      return all;
    },
    async close() {
      await store.close();
      await clickhouse.client.command({ query: `DROP DATABASE IF EXISTS \`${database}\` SYNC` });
      await clickhouse.close();
    },
  };
}
