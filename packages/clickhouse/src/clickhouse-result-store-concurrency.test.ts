import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalResult } from '@sextant/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { makeResult } from './test-support/eval-fixtures.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

/** The latest instant a Date can hold: encodes fine, but ClickHouse cannot read it as a DateTime64. */
const UNSTORABLE_STARTED_AT = 8.64e15;

function batchOf(runId: string, prefix: string, count: number): EvalResult[] {
  return Array.from({ length: count }, (_, index) =>
    makeResult({ runId, caseId: `${prefix}-${String(index)}` }),
  );
}

describe('ClickHouseResultStore with INSERTs in flight at once', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  async function storedCaseIds(runId: string): Promise<string[]> {
    const result = await clickhouse.client.query({
      query: `SELECT case_id FROM \`${clickhouse.database}\`.sextant_eval_results FINAL
        WHERE run_id = {runId:String} ORDER BY case_id`,
      query_params: { runId },
      format: 'JSONCompactEachRow',
    });
    return (await result.json<[string]>()).map(([caseId]) => caseId);
  }

  it('resolves each overlapping batch only once its own rows are stored', async () => {
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 50, maxInsertsInFlight: 2 });
    const runId = 'overlap-run';
    const prefixes = ['a', 'b', 'c', 'd'];
    // Written in one turn: batches a and b start their INSERTs at once, c and d wait for a slot.
    const seenOnResolve = prefixes.map((prefix) =>
      store
        .writeResults(batchOf(runId, prefix, 50))
        .then(async () =>
          (await storedCaseIds(runId)).filter((caseId) => caseId.startsWith(`${prefix}-`)),
        ),
    );
    const seen = await Promise.all(seenOnResolve);
    for (const [index, prefix] of prefixes.entries()) {
      expect(seen[index]).toEqual(
        batchOf(runId, prefix, 50)
          .map((result) => result.caseId)
          .sort(),
      );
    }
    expect(await storedCaseIds(runId)).toHaveLength(200);
    await store.close();
  });

  it('rejects exactly the writes of a batch whose INSERT fails, and keeps the others', async () => {
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 20, maxInsertsInFlight: 2 });
    const runId = 'failing-batch-run';
    const before = store.writeResults(batchOf(runId, 'before', 20));
    const failing = [
      ...batchOf(runId, 'failing', 10),
      makeResult({ runId, caseId: 'failing-x', startedAt: UNSTORABLE_STARTED_AT }),
    ];
    // Two callers share the failing batch; both must reject.
    const failingFirst = store.writeResults(failing.slice(0, 5));
    const failingSecond = store.writeResults(failing.slice(5));
    const fill = store.writeResults(batchOf(runId, 'fill', 9));
    const after = store.writeResults(batchOf(runId, 'after', 20));
    const outcomes = await Promise.allSettled([before, failingFirst, failingSecond, fill, after]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const stored = await storedCaseIds(runId);
    expect(stored.filter((caseId) => caseId.startsWith('before-'))).toHaveLength(20);
    expect(stored.filter((caseId) => caseId.startsWith('after-'))).toHaveLength(20);
    expect(stored).toHaveLength(40);
    // The store keeps working: the same results, re-sent with a storable time, are stored once.
    await store.writeResults(
      failing.map((result) => ({ ...result, startedAt: 1_750_000_000_000 })),
    );
    expect(await storedCaseIds(runId)).toHaveLength(51);
    await store.close();
  });

  it('flush and close wait for every INSERT in flight, not only the last batch', async () => {
    const store = new ClickHouseResultStore({
      clickhouse,
      batchSize: 100,
      flushIntervalMs: 60_000,
      maxInsertsInFlight: 2,
    });
    const runId = 'flush-run';
    // Two full batches (their INSERTs start now) and a partial one that only flush sends.
    const writes = [
      store.writeResults(batchOf(runId, 'full-1', 100)),
      store.writeResults(batchOf(runId, 'full-2', 100)),
      store.writeResults(batchOf(runId, 'partial', 7)),
    ];
    await store.flush();
    expect(await storedCaseIds(runId)).toHaveLength(207);
    await Promise.all(writes);

    const last = store.writeResults(batchOf(runId, 'full-3', 100));
    const pending = store.writeResults(batchOf(runId, 'closing', 3));
    await store.close();
    expect(await storedCaseIds(runId)).toHaveLength(310);
    await Promise.all([last, pending]);
  });

  it('a caller that never awaits queues no more block files than INSERTs in flight', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sextant-store-backpressure-'));
    const blockFiles = () =>
      readdirSync(parent).flatMap((directory) =>
        readdirSync(join(parent, directory)).filter((file) => file.endsWith('.native')),
      ).length;
    try {
      const store = new ClickHouseResultStore({
        clickhouse,
        batchSize: 200,
        maxInsertsInFlight: 1,
        temporaryDirectory: parent,
      });
      const runId = 'backpressure-run';
      const writes: Array<Promise<void>> = [];
      for (let batch = 0; batch < 12; batch += 1) {
        writes.push(store.writeResults(batchOf(runId, `batch-${String(batch)}`, 200)));
      }
      // Twelve full batches in one turn: one INSERT runs, the other eleven wait in memory.
      expect(blockFiles()).toBe(1);
      let most = 0;
      const settled = Promise.allSettled(writes);
      for (let done = false; !done;) {
        most = Math.max(most, blockFiles());
        done = await Promise.race([
          settled.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1)),
        ]);
      }
      expect(most).toBeLessThanOrEqual(1);
      await Promise.all(writes);
      expect(await storedCaseIds(runId)).toHaveLength(2_400);
      await store.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('flush and close reject when a batch nobody awaited failed since the previous flush', async () => {
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 2, flushIntervalMs: 10 });
    const runId = 'unobserved-failure-run';
    const bad = makeResult({ runId, caseId: 'bad', startedAt: UNSTORABLE_STARTED_AT });
    // A full batch (auto-flushed) whose writes nobody awaits, and its INSERT fails.
    void store.writeResults([bad]);
    void store.writeResults(batchOf(runId, 'full', 1));
    await expect(store.flush()).rejects.toThrow();
    // Reported once: the next flush covers only what was written since.
    await store.flush();
    // A batch sent by the timer, also never awaited.
    void store.writeResults([bad]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(store.close()).rejects.toThrow();
    // A failure its writer saw does not fail a later flush or close.
    await expect(store.writeResults([bad])).rejects.toThrow();
    await store.writeResults(batchOf(runId, 'good', 2));
    await store.close();
    // 'full-0' shared the failed batch.
    expect(await storedCaseIds(runId)).toEqual(['good-0', 'good-1']);
  });
});
