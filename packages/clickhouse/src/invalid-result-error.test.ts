import type { EvalResult } from '@sextant/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SextantClickHouseError } from './clickhouse-errors.js';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { makeResult } from './test-support/eval-fixtures.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

const WRONG_FIELDS: Array<[keyof EvalResult, unknown, RegExp]> = [
  ['caseId', 42, /result 1 of writeResults .*has caseId = 42 \(number\); it must be a string/],
  ['inputTokens', 1.5, /has inputTokens = 1\.5 \(number\); it must be a non-negative integer/],
  ['output', undefined, /has output = undefined \(undefined\); it must be a string/],
];

// The server path (a URL) is the same store code with `embedded: false`: it sends JSON rows
// through @clickhouse/client's exec, here to the same real engine. Without its own check a server
// stored caseId 42 as '42' and failed on the others with an engine error.
describe.each([
  ['embedded engine', true],
  ['server path', false],
])('a result with a field of the wrong type, %s', (backend, embedded) => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it.each(WRONG_FIELDS)(
    'rejects with a typed error naming %s, and writes none of the call',
    async (field, value, message) => {
      const store = new ClickHouseResultStore({ clickhouse: { ...clickhouse, embedded } });
      const runId = `wrong-${field}-${backend}`;
      const bad = {
        ...makeResult({ runId, caseId: 'bad' }),
        [field]: value,
      } as unknown as EvalResult;
      const write = store.writeResults([makeResult({ runId, caseId: 'good' }), bad]);
      await expect(write).rejects.toThrow(SextantClickHouseError);
      await expect(write).rejects.toThrow(message);
      await expect(write).rejects.toMatchObject({ code: 'invalid-result' });
      await store.writeResults([makeResult({ runId, caseId: 'after' })]);
      await store.close();
      const stored = await clickhouse.client.query({
        query: `SELECT case_id FROM \`${clickhouse.database}\`.sextant_eval_results WHERE run_id = {runId:String}`,
        query_params: { runId },
        format: 'JSONEachRow',
      });
      expect(await stored.json()).toEqual([{ case_id: 'after' }]);
    },
  );

  it('takes the loose values the embedded encoder takes, stored alike', async () => {
    const store = new ClickHouseResultStore({ clickhouse: { ...clickhouse, embedded } });
    const runId = `loose-${backend}`;
    const loose = {
      ...makeResult({ runId, caseId: 'loose' }),
      score: '0.5',
      inputTokens: '12',
      errorType: undefined,
      costUsd: undefined,
    } as unknown as EvalResult;
    await store.writeResults([loose]);
    await store.close();
    const stored = await clickhouse.client.query({
      query: `SELECT score, input_tokens, error_type, cost_usd FROM \`${clickhouse.database}\`.sextant_eval_results WHERE run_id = {runId:String}`,
      query_params: { runId },
      format: 'JSONEachRow',
    });
    expect(await stored.json()).toEqual([
      { score: 0.5, input_tokens: '12', error_type: null, cost_usd: null },
    ]);
  });
});
