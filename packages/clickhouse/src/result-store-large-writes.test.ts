// One writeResults call larger than the batch: split into batches of at most batchSize rows
// (each INSERT's row count read from its Native block file), all or none of the call stored.
import { readFileSync } from 'node:fs';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EvalResult } from '@sextant/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { makeResult } from './test-support/eval-fixtures.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

let clickhouse: SextantClickHouse;
beforeAll(async () => {
  clickhouse = await openTestClickHouse();
});
afterAll(async () => {
  await clickhouse.close();
});

/** An unsigned LEB128 number at `offset`, and the offset after it. */
function varint(bytes: Buffer, offset: number): [number, number] {
  let value = 0;
  let shift = 0;
  let at = offset;
  for (;;) {
    const byte = bytes[at] as number;
    value += (byte & 0x7f) * 2 ** shift;
    at += 1;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

/** The same connection, recording the rows of every Native block INSERTed. */
function recordingInsertedRows(): { clickhouse: SextantClickHouse; rows: number[] } {
  const rows: number[] = [];
  const real = clickhouse.client;
  const client = new Proxy(real, {
    get(target, property) {
      if (property !== 'command') return Reflect.get(target, property, target) as unknown;
      return (params: Parameters<ClickHouseClient['command']>[0]) => {
        const path = /FROM file\('([^']+)', 'Native'/.exec(params.query)?.[1];
        if (path !== undefined) {
          const block = readFileSync(path);
          const [, afterColumns] = varint(block, 0);
          rows.push(varint(block, afterColumns)[0]);
        }
        return real.command(params);
      };
    },
  });
  return { clickhouse: { ...clickhouse, client }, rows };
}

const results = (runId: string, prefix: string, count: number): EvalResult[] =>
  Array.from({ length: count }, (_, index) =>
    makeResult({ runId, caseId: `${prefix}-${String(index).padStart(2, '0')}` }),
  );

async function storedCaseIds(runId: string): Promise<string[]> {
  const result = await clickhouse.client.query({
    query: `SELECT case_id FROM \`${clickhouse.database}\`.sextant_eval_results FINAL WHERE run_id = {runId:String} ORDER BY case_id`,
    query_params: { runId },
    format: 'JSONEachRow',
  });
  return (await result.json<{ case_id: string }>()).map((row) => row.case_id);
}

describe('a writeResults call larger than the batch', () => {
  it('is INSERTed in batches of at most batchSize rows, the pending batch filled first', async () => {
    const recording = recordingInsertedRows();
    const store = new ClickHouseResultStore({
      clickhouse: recording.clickhouse,
      batchSize: 5,
      flushIntervalMs: 60_000,
    });
    const runId = 'large-call';
    const small = store.writeResults(results(runId, 'a', 2));
    const large = store.writeResults(results(runId, 'b', 12));
    await store.flush();
    await Promise.all([small, large]);
    expect(recording.rows).toEqual([5, 5, 4]);
    await store.close();
    const stored = await storedCaseIds(runId);
    expect(stored).toHaveLength(14);
    expect(stored).toEqual(
      [...results(runId, 'a', 2), ...results(runId, 'b', 12)].map((r) => r.caseId),
    );
  });

  it('stores none of the call when a result past the first batch is invalid', async () => {
    const recording = recordingInsertedRows();
    const store = new ClickHouseResultStore({
      clickhouse: recording.clickhouse,
      batchSize: 5,
      flushIntervalMs: 60_000,
    });
    const runId = 'large-call-invalid';
    void store.writeResults(results(runId, 'a', 2));
    const call = results(runId, 'b', 12);
    call[9] = { ...call[9], caseId: 9 } as unknown as EvalResult;
    await expect(store.writeResults(call)).rejects.toMatchObject({
      code: 'invalid-result',
      message: expect.stringContaining('result 9 of writeResults') as unknown,
    });
    const after = store.writeResults(results(runId, 'c', 4));
    await store.close();
    await after;
    expect(recording.rows).toEqual([5, 1]);
    expect(await storedCaseIds(runId)).toEqual(
      [...results(runId, 'a', 2), ...results(runId, 'c', 4)].map((r) => r.caseId),
    );
  });

  it('rejects the call when one of its batches fails to INSERT, and flush reports it only if nobody awaited', async () => {
    // The latest instant a Date can hold: encodes fine, but ClickHouse cannot read it as a DateTime64.
    const unstorable = 8.64e15;
    const store = new ClickHouseResultStore({ clickhouse, batchSize: 5, flushIntervalMs: 60_000 });
    const runId = 'large-call-failing-insert';
    const awaited = results(runId, 'a', 12);
    awaited[7] = { ...awaited[7], startedAt: unstorable } as EvalResult;
    // Batches a-00…a-04 and a-05…a-09 (the failing one) are sent now, a-10, a-11 at the flush.
    const outcome = store.writeResults(awaited).then(
      () => 'stored',
      () => 'rejected',
    );
    await store.flush();
    expect(await outcome).toBe('rejected');

    const unawaited = results(runId, 'b', 12);
    unawaited[7] = { ...unawaited[7], startedAt: unstorable } as EvalResult;
    void store.writeResults(unawaited);
    await expect(store.flush()).rejects.toThrow();
    await store.close();
    expect(await storedCaseIds(runId)).toEqual(
      ['a-00', 'a-01', 'a-02', 'a-03', 'a-04', 'a-10', 'a-11'].concat([
        'b-00',
        'b-01',
        'b-02',
        'b-03',
        'b-04',
        'b-10',
        'b-11',
      ]),
    );
  });
});
