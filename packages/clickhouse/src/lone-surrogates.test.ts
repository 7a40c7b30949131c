import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import { RESULT_INSERT_COLUMNS, toResultValues } from './eval-rows.js';
import { qualifiedName } from './identifiers.js';
import { insertJsonRows, jsonCompactEachRowBody } from './insert-json-rows.js';
import { EVAL_RESULTS_TABLE } from './migrations/0002-eval-tables.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { makeResult, makeRun } from './test-support/eval-fixtures.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

// What `.slice(0, 500)` of a message with an emoji at the boundary leaves: half a surrogate pair.
const CUT = `rate limited ${'x'.repeat(10)} 🚀`.slice(0, -1);

describe('a lone surrogate', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  async function storedErrorMessage(runId: string): Promise<string | null | undefined> {
    const store = new ClickHouseResultStore({ clickhouse });
    for await (const result of store.readResults(runId)) return result.errorMessage;
    return undefined;
  }

  it('is stored as U+FFFD by the Native path and by the JSON (server) path alike', async () => {
    expect(CUT.at(-1)).toBe('\ud83d');
    const expected = `${CUT.slice(0, -1)}\ufffd`;
    const store = new ClickHouseResultStore({ clickhouse });
    await store.writeResults([makeResult({ runId: 'native', status: 'error', errorMessage: CUT })]);
    await store.close();
    expect(await storedErrorMessage('native')).toBe(expected);

    // The body a server would get, parsed by the same engine's JSON reader.
    const rows = [
      toResultValues(makeResult({ runId: 'json', status: 'error', errorMessage: CUT }), 1),
    ];
    const body = jsonCompactEachRowBody(rows);
    expect(body).not.toMatch(/\\ud83d/);
    expect(JSON.parse(body) as unknown[]).toContain(expected);
    await insertJsonRows(clickhouse, {
      table: qualifiedName(clickhouse.database, EVAL_RESULTS_TABLE),
      columns: RESULT_INSERT_COLUMNS,
      rows,
    });
    expect(await storedErrorMessage('json')).toBe(expected);
  });

  it('in a run does not fail saveRun (the JSON path on every backend)', async () => {
    const store = new ClickHouseResultStore({ clickhouse });
    await store.saveRun(makeRun({ runId: 'cut-run', suite: CUT }));
    expect((await store.getRun('cut-run'))?.suite).toBe(`${CUT.slice(0, -1)}\ufffd`);
    await store.close();
  });
});
