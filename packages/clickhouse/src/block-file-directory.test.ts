import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLiveBlockFiles } from './block-file-directory.js';
import { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { makeResult } from './test-support/eval-fixtures.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

let clickhouse: SextantClickHouse;
const parents: string[] = [];

beforeAll(async () => {
  clickhouse = await openTestClickHouse();
});
afterAll(async () => {
  await clickhouse.close();
  for (const parent of parents) rmSync(parent, { recursive: true, force: true });
});

function newParent(): string {
  const parent = mkdtempSync(join(tmpdir(), 'sextant-block-files-test-'));
  parents.push(parent);
  return parent;
}

/** Every entry under `parent`, one level of directories deep, as `dir` or `dir/file`. */
function entriesUnder(parent: string): string[] {
  return readdirSync(parent).flatMap((name) => [
    name,
    ...readdirSync(join(parent, name)).map((file) => `${name}/${file}`),
  ]);
}

function batchOf(runId: string, prefix: string, count: number) {
  return Array.from({ length: count }, (_, index) =>
    makeResult({ runId, caseId: `${prefix}-${String(index)}` }),
  );
}

async function storedCount(runId: string): Promise<number> {
  const result = await clickhouse.client.query({
    query: `SELECT count() AS n FROM \`${clickhouse.database}\`.sextant_eval_results FINAL WHERE run_id = {runId:String}`,
    query_params: { runId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n);
}

describe('block files', () => {
  it('are all removed by one exit listener per process, however many stores wrote them', async () => {
    const parent = newParent();
    const stores = [1, 2].map(
      () =>
        new ClickHouseResultStore({
          clickhouse,
          batchSize: 50,
          maxInsertsInFlight: 1,
          temporaryDirectory: parent,
        }),
    );
    // Full batches not awaited, as a CLI that exits for another reason leaves them.
    const writes = stores.map((store) => store.writeResults(batchOf('exit-run', 'a', 50)));
    const written = entriesUnder(parent);
    expect(written.filter((entry) => entry.endsWith('.native'))).toHaveLength(2);
    expect(
      written.every((entry) => entry.startsWith(`sextant-blocks-${String(process.pid)}-`)),
    ).toBe(true);
    expect(
      process.listeners('exit').filter((listener) => listener === removeLiveBlockFiles),
    ).toHaveLength(1);
    removeLiveBlockFiles();
    expect(readdirSync(parent)).toEqual([]);
    await Promise.allSettled(writes);
  });

  it('a store removes its directory on close, and makes it again if a tmp cleaner removed it', async () => {
    const parent = newParent();
    const store = new ClickHouseResultStore({
      clickhouse,
      batchSize: 20,
      temporaryDirectory: parent,
    });
    await store.writeResults(batchOf('cleaner-run', 'first', 20));
    const [directory] = readdirSync(parent);
    expect(directory).toMatch(new RegExp(`^sextant-blocks-${String(process.pid)}-`));
    rmSync(join(parent, directory ?? ''), { recursive: true, force: true });
    await store.writeResults(batchOf('cleaner-run', 'second', 20));
    expect(await storedCount('cleaner-run')).toBe(40);
    await store.close();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('removes the leftover directories of processes that are gone, and keeps those of live ones', async () => {
    const parent = newParent();
    const dead = join(parent, 'sextant-blocks-99999999-AbCdEf');
    const alive = join(parent, `sextant-blocks-${String(process.ppid)}-GhIjKl`);
    const unrelated = join(parent, 'sextant-results-XyZ123');
    for (const directory of [dead, alive, unrelated]) {
      mkdirSync(directory);
      writeFileSync(join(directory, '1.native'), 'left over');
    }
    const store = new ClickHouseResultStore({
      clickhouse,
      batchSize: 5,
      temporaryDirectory: parent,
    });
    await store.writeResults(batchOf('sweep-run', 'case', 5));
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(join(alive, '1.native'))).toBe(true);
    expect(existsSync(join(unrelated, '1.native'))).toBe(true);
    await store.close();
  });

  it('a span exporter removes its directory on shutdown', async () => {
    const parent = newParent();
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    for (let index = 0; index < 3; index += 1) provider.getTracer('test').startSpan('span').end();
    const exporter = new ClickHouseSpanExporter({ clickhouse, temporaryDirectory: parent });
    const result = await new Promise<ExportResult>((resolve) => {
      exporter.export(memory.getFinishedSpans(), resolve);
    });
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(readdirSync(parent)).toHaveLength(1);
    await exporter.shutdown();
    expect(readdirSync(parent)).toEqual([]);
  });
});
