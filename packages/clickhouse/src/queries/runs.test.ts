import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from '../clickhouse-result-store.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { TRICKY_TEXT, makeRun } from '../test-support/eval-fixtures.js';
import { openTestClickHouse } from '../test-support/test-clickhouse.js';
import { queryLatestRun, queryRuns } from './runs.js';

describe('queryRuns and queryLatestRun', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
    const store = new ClickHouseResultStore({ clickhouse });
    const runs = [
      makeRun({
        runId: 'r1',
        suite: TRICKY_TEXT,
        gitBranch: 'main',
        status: 'completed',
        startedAt: 1_000,
      }),
      makeRun({
        runId: 'r2',
        suite: TRICKY_TEXT,
        gitBranch: 'main',
        status: 'completed',
        startedAt: 3_000,
      }),
      makeRun({
        runId: 'r3',
        suite: TRICKY_TEXT,
        gitBranch: 'main',
        status: 'running',
        startedAt: 5_000,
      }),
      makeRun({
        runId: 'r4',
        suite: TRICKY_TEXT,
        gitBranch: "feat/it's",
        status: 'completed',
        startedAt: 4_000,
      }),
      makeRun({
        runId: 'r5',
        suite: 'other',
        gitBranch: 'main',
        status: 'completed',
        startedAt: 9_000,
      }),
    ];
    for (const run of runs) await store.saveRun(run);
    // r2 saved again after it finished: one row, the newest.
    await store.saveRun({ ...runs[1]!, verdict: 'regressed', finishedAt: 3_500 });
    await store.close();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('lists runs newest first, filtered by suite and branch, one row per run', async () => {
    const ids = async (options: Parameters<typeof queryRuns>[1]) =>
      (await queryRuns(clickhouse, options)).map((run) => run.runId);
    expect(await ids({})).toEqual(['r5', 'r3', 'r4', 'r2', 'r1']);
    expect(await ids({ suite: TRICKY_TEXT })).toEqual(['r3', 'r4', 'r2', 'r1']);
    expect(await ids({ suite: TRICKY_TEXT, branch: 'main' })).toEqual(['r3', 'r2', 'r1']);
    expect(await ids({ branch: "feat/it's" })).toEqual(['r4']);
    expect(await ids({ suite: TRICKY_TEXT, limit: 2 })).toEqual(['r3', 'r4']);
    const [r2] = await queryRuns(clickhouse, {
      suite: TRICKY_TEXT,
      branch: 'main',
      status: 'completed',
      limit: 1,
    });
    expect(r2).toEqual(
      makeRun({
        runId: 'r2',
        suite: TRICKY_TEXT,
        gitBranch: 'main',
        status: 'completed',
        verdict: 'regressed',
        startedAt: 3_000,
        finishedAt: 3_500,
      }),
    );
  });

  it('finds the latest completed run of a suite on a branch', async () => {
    expect((await queryLatestRun(clickhouse, { suite: TRICKY_TEXT, branch: 'main' }))?.runId).toBe(
      'r2',
    );
    expect(
      (await queryLatestRun(clickhouse, { suite: TRICKY_TEXT, branch: 'main', status: 'running' }))
        ?.runId,
    ).toBe('r3');
    expect(await queryLatestRun(clickhouse, { suite: 'missing', branch: 'main' })).toBeNull();
  });
});
