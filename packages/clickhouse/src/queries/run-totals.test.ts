import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from '../clickhouse-result-store.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { TRICKY_TEXT, makeResult } from '../test-support/eval-fixtures.js';
import { openTestClickHouse } from '../test-support/test-clickhouse.js';
import { queryRunTotals } from './run-totals.js';

describe('queryRunTotals', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
    const store = new ClickHouseResultStore({ clickhouse });
    // Run A: 4 results over two prompts, 3 passed, one error, costs 0.5 + 0.25 + 1 (+ judge 0.125).
    const runA = [
      makeResult({ runId: TRICKY_TEXT, caseId: 'c1', promptId: 'p1', costUsd: 0.5 }),
      makeResult({
        runId: TRICKY_TEXT,
        caseId: 'c2',
        promptId: 'p1',
        costUsd: 0.25,
        judgeCostUsd: 0.125,
      }),
      makeResult({ runId: TRICKY_TEXT, caseId: 'c1', promptId: 'p2', costUsd: 1 }),
      makeResult({
        runId: TRICKY_TEXT,
        caseId: 'c2',
        promptId: 'p2',
        status: 'error',
        passed: false,
        errorType: 'timeout',
        costUsd: null,
      }),
    ];
    // Run B: two results, neither priced, one passed.
    const runB = [
      makeResult({ runId: 'b', caseId: 'c1', costUsd: null, judgeCostUsd: null }),
      makeResult({ runId: 'b', caseId: 'c2', costUsd: null, judgeCostUsd: null, passed: false }),
    ];
    await store.writeResults(runA);
    await store.writeResults(runB);
    // A re-sent batch is never counted twice.
    await store.writeResults(runA.slice(0, 2));
    await store.close();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('totals each run over every prompt and target, once per result key', async () => {
    const totals = await queryRunTotals(clickhouse, { runIds: [TRICKY_TEXT, 'b', 'absent'] });
    expect([...totals.keys()].sort()).toEqual(['b', TRICKY_TEXT].sort());
    expect(totals.get(TRICKY_TEXT)).toEqual({
      results: 4,
      passes: 3,
      errors: 1,
      passRate: 0.75,
      costUsd: 1.875,
      unpricedResults: 1,
    });
    expect(totals.get('b')).toEqual({
      results: 2,
      passes: 1,
      errors: 0,
      passRate: 0.5,
      costUsd: null,
      unpricedResults: 2,
    });
  });

  it('asks nothing for an empty list', async () => {
    expect((await queryRunTotals(clickhouse, { runIds: [] })).size).toBe(0);
  });
});
