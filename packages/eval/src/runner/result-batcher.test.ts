import type { EvalResult, ResultStore } from '@sextant/spec';
import { ClickHouseResultStore } from '@sextant/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResult } from '../report/test-support/eval-result-builder.js';
import { openTestStore } from '../test-support/test-store.js';
import type { TestStore } from '../test-support/test-store.js';
import { ResultBatcher } from './result-batcher.js';

/** Encodes fine, but ClickHouse cannot read it as a DateTime64: the INSERT carrying it fails. */
const UNSTORABLE_STARTED_AT = 8.64e15;

function result(runId: string, index: number, startedAt = 1_750_000_000_000): EvalResult {
  return buildResult({ runId, caseId: `case-${String(index)}`, startedAt });
}

/** The real store, counting how many of its writes are pending at once. */
function countingWrites(store: ResultStore): { store: ResultStore; maxInFlight: () => number } {
  let inFlight = 0;
  let maxInFlight = 0;
  const counted: ResultStore = Object.create(store) as ResultStore;
  counted.writeResults = async (results) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await store.writeResults(results);
    } finally {
      inFlight -= 1;
    }
  };
  return { store: counted, maxInFlight: () => maxInFlight };
}

/**
 * A ClickHouse store whose merge window (600 s) is far longer than a test's timeout: only a flush
 * asked for by the batcher lets `use` finish in time.
 */
async function withLongWindow(
  testStore: TestStore,
  use: (store: ClickHouseResultStore) => Promise<void>,
): Promise<void> {
  const slow = new ClickHouseResultStore({
    clickhouse: testStore.clickhouse,
    flushIntervalMs: 600_000,
  });
  try {
    await use(slow);
  } finally {
    await slow.close();
  }
}

describe('ResultBatcher', () => {
  let testStore: TestStore;
  let windowed: ClickHouseResultStore;
  beforeAll(async () => {
    testStore = await openTestStore();
    // As the CLI's store does: small writes are held up to 100 ms to merge into one INSERT.
    windowed = new ClickHouseResultStore({
      clickhouse: testStore.clickhouse,
      flushIntervalMs: 100,
    });
  });
  afterAll(async () => {
    await windowed.close();
    await testStore.close();
  });

  it("overlaps writes, so a store's merge window does not serialise the run", async () => {
    const counting = countingWrites(windowed);
    const batcher = new ResultBatcher(counting.store, 100, 1000);
    for (let index = 0; index < 2_000; index += 1) await batcher.add(result('overlap', index));
    await batcher.close();
    // One write at a time would wait out the store's window once per batch of 100.
    expect(counting.maxInFlight()).toBeGreaterThan(1);
    // Backpressure: never more than the queued batches (4) plus the one that crossed the limit.
    expect(counting.maxInFlight()).toBeLessThanOrEqual(5);
    expect(await testStore.rawRowCount('overlap')).toBe(2_000);
    const stored = await testStore.results('overlap');
    expect(new Set(stored.map((row) => row.caseId)).size).toBe(2_000);
  });

  it('close asks the store to send what it holds instead of waiting out its merge window', async () => {
    // 150 results never fill the queue: only the flush on close sends them.
    await withLongWindow(testStore, async (slow) => {
      const batcher = new ResultBatcher(slow, 100, 1000);
      for (let index = 0; index < 150; index += 1) await batcher.add(result('flushed', index));
      const started = performance.now();
      await batcher.close();
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await testStore.rawRowCount('flushed')).toBe(150);
    });
  });

  it('asks the store to send what it holds when the queue is full, instead of waiting out its window', async () => {
    // 2,000 results fill the queue (4 × 100) five times over: add waits, and only a flush asked
    // for then lets the run go on.
    await withLongWindow(testStore, async (slow) => {
      const batcher = new ResultBatcher(slow, 100, 1000);
      for (let index = 0; index < 2_000; index += 1) await batcher.add(result('queue-full', index));
      await batcher.close();
      expect(await testStore.rawRowCount('queue-full')).toBe(2_000);
    });
  });

  it('fails the run on a failed write: close and every later add rethrow it', async () => {
    const batcher = new ResultBatcher(testStore.store, 100, 1000);
    for (let index = 0; index < 300; index += 1) {
      const startedAt = index >= 100 && index < 200 ? UNSTORABLE_STARTED_AT : undefined;
      await batcher.add(result('failing', index, startedAt));
    }
    const failure = await batcher.close().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    await expect(batcher.add(result('failing', 300))).rejects.toBe(failure);
    // The failed batch is not stored; nothing is stored twice.
    const stored = await testStore.results('failing');
    expect(stored.some((row) => row.caseId === 'case-150')).toBe(false);
    expect(await testStore.rawRowCount('failing')).toBe(stored.length);
  });
});
