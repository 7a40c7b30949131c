import type { EvalResult } from '@sextant/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import { openClickHouse, type SextantClickHouse } from './open-clickhouse.js';
import { queryRunSummary } from './queries/run-summary.js';
import { TRICKY_TEXT, makeResult, makeRun } from './test-support/eval-fixtures.js';
import { activeParts } from './test-support/active-parts.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

async function collect(iterable: AsyncIterable<EvalResult>): Promise<EvalResult[]> {
  const all: EvalResult[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

function byKey(a: EvalResult, b: EvalResult): number {
  return `${a.promptId}|${a.targetId}|${a.caseId}|${String(a.repeat)}`.localeCompare(
    `${b.promptId}|${b.targetId}|${b.caseId}|${String(b.repeat)}`,
  );
}

describe('ClickHouseResultStore', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('never counts a result twice when batches are re-sent, before any merge', async () => {
    await clickhouse.client.command({
      query: `SYSTEM STOP MERGES \`${clickhouse.database}\`.sextant_eval_results`,
    });
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 1_000 });
    const runId = 'dup-run';
    const batch = Array.from({ length: 50 }, (_, index) =>
      makeResult({ runId, caseId: `case-${String(index)}`, passed: index % 2 === 0 }),
    );
    await store.writeResults(batch);
    await store.writeResults(batch);
    await store.writeResults(batch.slice(0, 10).map((result) => ({ ...result, output: 'newer' })));

    const parts = await clickhouse.client.query({
      query: `SELECT count() AS parts, sum(rows) AS rows FROM system.parts
        WHERE database = {database:String} AND table = 'sextant_eval_results' AND active`,
      query_params: { database: clickhouse.database },
      format: 'JSONEachRow',
    });
    // Three unmerged parts holding 110 physical rows: the reads below must still see 50.
    expect(await parts.json()).toEqual([{ parts: '3', rows: '110' }]);

    const results = await collect(store.readResults(runId));
    expect(results).toHaveLength(50);
    expect(results.filter((result) => result.output === 'newer')).toHaveLength(10);
    expect(await store.completedKeys(runId)).toHaveLength(50);
    await store.close();
    await clickhouse.client.command({
      query: `SYSTEM START MERGES \`${clickhouse.database}\`.sextant_eval_results`,
    });
  });

  it('counts a key once when it repeats inside one batch (no replacing at INSERT time)', async () => {
    await clickhouse.client.command({
      query: `SYSTEM STOP MERGES \`${clickhouse.database}\`.sextant_eval_results`,
    });
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 1_000 });
    const runId = 'in-batch-dup-run';
    const first = makeResult({ runId, caseId: 'same', output: 'older', passed: false, score: 0 });
    const other = makeResult({ runId, caseId: 'other' });
    await store.writeResults([first, other, { ...first, output: 'newer', passed: true, score: 1 }]);
    const raw = await clickhouse.client.query({
      query: `SELECT count() AS rows FROM \`${clickhouse.database}\`.sextant_eval_results
        WHERE run_id = {runId:String}`,
      query_params: { runId },
      format: 'JSONEachRow',
    });
    // Both versions of 'same' are stored: only the reads keep one.
    expect(await raw.json()).toEqual([{ rows: '3' }]);

    const results = await collect(store.readResults(runId));
    expect(results.map((result) => `${result.caseId}:${result.output}`).sort()).toEqual([
      'other:Hello!',
      'same:newer',
    ]);
    expect(await store.completedKeys(runId)).toHaveLength(2);
    const [summary] = await queryRunSummary(clickhouse, { runId });
    expect(summary).toMatchObject({ cases: 2, passes: 2 });
    await store.close();
    await clickhouse.client.command({
      query: `SYSTEM START MERGES \`${clickhouse.database}\`.sextant_eval_results`,
    });
  });

  it('stores and reads back every field unchanged, hostile text included', async () => {
    const store = new ClickHouseResultStore({ clickhouse });
    const written = [
      makeResult({
        runId: TRICKY_TEXT,
        caseId: TRICKY_TEXT,
        promptId: `${TRICKY_TEXT}-prompt`,
        suite: TRICKY_TEXT,
        output: TRICKY_TEXT,
        errorMessage: TRICKY_TEXT,
        scores: [
          {
            name: TRICKY_TEXT,
            type: 'llm-judge',
            score: 0.25,
            passed: false,
            reason: TRICKY_TEXT,
            weight: 2,
            required: false,
          },
        ],
      }),
      makeResult({
        runId: TRICKY_TEXT,
        caseId: 'errored',
        repeat: 3,
        status: 'error',
        errorType: 'rate_limited',
        finishReason: null,
        passed: false,
        score: 0,
        timeToFirstChunkMs: null,
        costUsd: null,
        judgeCostUsd: 0.5,
        cacheHit: true,
        retries: 2,
        attempts: 3,
      }),
    ];
    await store.writeResults(written);
    expect((await collect(store.readResults(TRICKY_TEXT))).sort(byKey)).toEqual(
      [...written].sort(byKey),
    );
    expect(await store.completedKeys(TRICKY_TEXT)).toHaveLength(2);
    expect(await store.completedKeys('no such run')).toEqual([]);
    await store.close();
  });

  it('streams a run in pages and lists its completed keys', async () => {
    const store = new ClickHouseResultStore({ clickhouse, readPageSize: 7 });
    const runId = 'paged-run';
    const written = Array.from({ length: 30 }, (_, index) =>
      makeResult({ runId, caseId: `c${String(index % 10)}`, repeat: Math.floor(index / 10) }),
    );
    await store.writeResults(written);
    await store.writeResults([makeResult({ runId: 'other-run' })]);
    const read = await collect(store.readResults(runId));
    expect(read.sort(byKey)).toEqual([...written].sort(byKey));
    const keys = await store.completedKeys(runId);
    expect(keys.map((key) => `${key.caseId}#${String(key.repeat)}`).sort()).toEqual(
      written.map((result) => `${result.caseId}#${String(result.repeat)}`).sort(),
    );
    expect(keys.every((key) => key.runId === runId)).toBe(true);
    await store.close();
  });

  it('group-commits concurrent writers into one INSERT and resolves each when durable', async () => {
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 100, flushIntervalMs: 20 });
    const runId = 'group-run';
    const writes = Array.from({ length: 40 }, (_, index) =>
      store.writeResults([makeResult({ runId, caseId: `c${String(index)}` })]),
    );
    await Promise.all(writes);
    expect(await store.completedKeys(runId)).toHaveLength(40);
    const parts = await clickhouse.client.query({
      query: `SELECT count() AS parts FROM system.parts WHERE database = {database:String}
        AND table = 'sextant_eval_results' AND active AND partition_id = 'all'
        AND rows = 40`,
      query_params: { database: clickhouse.database },
      format: 'JSONEachRow',
    });
    expect(await parts.json()).toEqual([{ parts: '1' }]);
    await store.close();
    await expect(store.writeResults([makeResult()])).rejects.toThrow(/closed/);
  });

  it('keeps the newest version of a run row', async () => {
    let now = 1_000;
    const store = new ClickHouseResultStore({ clickhouse, now: () => now });
    const run = makeRun({ runId: 'run-versions', suite: TRICKY_TEXT, description: TRICKY_TEXT });
    await store.saveRun(run);
    now = 2_000;
    const finished = {
      ...run,
      status: 'completed' as const,
      verdict: 'pass' as const,
      finishedAt: 1_750_000_100_000,
    };
    await store.saveRun(finished);
    expect(await store.getRun('run-versions')).toEqual(finished);
    expect(await store.getRun('missing')).toBeNull();
    await store.close();
  });

  it('rejects the writers of a batch whose INSERT fails', async () => {
    const unreachable = await openClickHouse({ url: 'http://127.0.0.1:9/sextant', migrate: false });
    const store = new ClickHouseResultStore({ clickhouse: unreachable, flushIntervalMs: 1 });
    await expect(store.writeResults([makeResult()])).rejects.toThrow();
    await unreachable.close();
  });
});

describe('ClickHouseResultStore part format', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('writes a batch bigger than the 10 MiB ClickHouse default for Wide parts as one Compact part', async () => {
    // Migration 0004: a Wide part cost the engine ~75 ms more to write than a Compact one.
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 20_000 });
    const runId = 'compact-run';
    const output = 'x'.repeat(600);
    await store.writeResults(
      Array.from({ length: 20_000 }, (_, index) =>
        makeResult({ runId, caseId: `case-${String(index)}`, passed: true, output }),
      ),
    );
    await store.close();
    const [part, ...others] = await activeParts(clickhouse, 'sextant_eval_results');
    expect(others).toEqual([]);
    expect(part).toMatchObject({ format: 'Compact', rows: 20_000 });
    expect(part?.uncompressedBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(await store.completedKeys(runId)).toHaveLength(20_000);
  });
});
