import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from '../clickhouse-result-store.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { TRICKY_TEXT, makeResult } from '../test-support/eval-fixtures.js';
import { openTestClickHouse } from '../test-support/test-clickhouse.js';
import { queryCaseComparison } from './case-comparison.js';

describe('queryCaseComparison', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('joins two runs on the result key and keeps keys that only one run has', async () => {
    const store = new ClickHouseResultStore({ clickhouse });
    const baseline = 'baseline';
    const candidate = TRICKY_TEXT;
    await store.writeResults([
      makeResult({ runId: baseline, caseId: 'both', score: 0.9, passed: true, latencyMs: 100 }),
      makeResult({ runId: baseline, caseId: 'both', repeat: 1, score: 0.8, costUsd: null }),
      makeResult({ runId: baseline, caseId: 'only-baseline', score: 0.4, passed: false }),
      makeResult({ runId: candidate, caseId: 'both', score: 0.2, passed: false, latencyMs: 250 }),
      makeResult({
        runId: candidate,
        caseId: 'both',
        repeat: 1,
        status: 'error',
        score: 0,
        passed: false,
        costUsd: 0.5,
      }),
      makeResult({ runId: candidate, caseId: TRICKY_TEXT, score: 1, passed: true }),
    ]);
    // The candidate's first case re-sent with a newer verdict: the newest row wins.
    await store.writeResults([
      makeResult({ runId: candidate, caseId: 'both', score: 0.7, passed: true, latencyMs: 250 }),
    ]);
    await store.close();

    const rows = await queryCaseComparison(clickhouse, {
      baselineRunId: baseline,
      candidateRunId: candidate,
    });
    const side = (
      status: 'ok' | 'error',
      passed: boolean,
      score: number,
      latencyMs: number,
      costUsd: number | null,
    ) => ({ status, passed, score, latencyMs, costUsd });
    const key = { promptId: 'prompt-a', targetId: 'openai:gpt-4o' };
    expect(rows).toEqual([
      {
        ...key,
        caseId: TRICKY_TEXT,
        repeat: 0,
        baseline: null,
        candidate: side('ok', true, 1, 812.5, 0.00123),
      },
      {
        ...key,
        caseId: 'both',
        repeat: 0,
        baseline: side('ok', true, 0.9, 100, 0.00123),
        candidate: side('ok', true, 0.7, 250, 0.00123),
      },
      {
        ...key,
        caseId: 'both',
        repeat: 1,
        baseline: side('ok', true, 0.8, 812.5, null),
        candidate: side('error', false, 0, 812.5, 0.5),
      },
      {
        ...key,
        caseId: 'only-baseline',
        repeat: 0,
        baseline: side('ok', false, 0.4, 812.5, 0.00123),
        candidate: null,
      },
    ]);
  });
});
