import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLiveBlockFiles } from './block-file-directory.js';
import { SextantClickHouseError } from './clickhouse-errors.js';
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

// A full disk under the block files, on the real engine. The kernel's ENOSPC comes from /dev/full:
// the test links the owner's next block file name to it (the block-file directory is the
// `temporaryDirectory` option's), so the write fails exactly as on a full file system, and the
// name after it is an ordinary file again, as when space returns. A tiny tmpfs gives the same
// error but needs a privileged mount, which a test cannot count on.
/** Makes block file number `fileNumber` of the one owner under `parent` a write to /dev/full. */
function fillDisk(options: { parent: string; fileNumber: number }): string {
  const [directory] = readdirSync(options.parent).filter((name) => name.startsWith('sextant-'));
  if (directory === undefined) throw new Error(`no block-file directory in ${options.parent}`);
  const path = join(options.parent, directory);
  symlinkSync('/dev/full', join(path, `${String(options.fileNumber)}.native`));
  return path;
}

function recordSpans(count: number, name: string): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  for (let index = 0; index < count; index += 1) provider.getTracer('t').startSpan(name).end();
  return memory.getFinishedSpans();
}

async function count(query: string, params: Record<string, string>): Promise<number> {
  const result = await clickhouse.client.query({ query, query_params: params, format: 'JSON' });
  const { data } = await result.json<{ stored: string }>();
  return Number(data[0]?.stored);
}

const exportOnce = (exporter: ClickHouseSpanExporter, spans: ReadableSpan[]) =>
  new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

describe('a full disk while writing a block file', () => {
  it('fails the export with a disk-full error naming the directory, and the next export works', async () => {
    const parent = newParent();
    const exporter = new ClickHouseSpanExporter({
      clickhouse,
      table: 'otel_traces',
      temporaryDirectory: parent,
    });
    const spanName = `disk-full ${parent}`;
    expect((await exportOnce(exporter, recordSpans(3, spanName))).code).toBe(
      ExportResultCode.SUCCESS,
    );
    const directory = fillDisk({ parent, fileNumber: 2 });

    const failed = await exportOnce(exporter, recordSpans(5, spanName));
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(failed.error).toBeInstanceOf(SextantClickHouseError);
    expect(failed.error).toMatchObject({ code: 'disk-full' });
    expect(failed.error?.message).toContain(`No space left (ENOSPC)`);
    expect(failed.error?.message).toContain(directory);
    expect(failed.error?.message).toContain('temporaryDirectory');

    expect((await exportOnce(exporter, recordSpans(7, spanName))).code).toBe(
      ExportResultCode.SUCCESS,
    );
    await exporter.shutdown();
    const stored = await count(
      `SELECT count() AS stored FROM \`${clickhouse.database}\`.otel_traces WHERE SpanName = {name:String}`,
      { name: spanName },
    );
    expect(stored).toBe(3 + 7);
  });

  it('rejects the result store writes of that batch with it, and the next batch is stored', async () => {
    const parent = newParent();
    const store = new ClickHouseResultStore({ clickhouse, temporaryDirectory: parent });
    const runId = `disk-full-${String(Date.now())}`;
    await store.writeResults([makeResult({ runId, caseId: 'before' })]);
    const directory = fillDisk({ parent, fileNumber: 2 });

    const write = store.writeResults([
      makeResult({ runId, caseId: 'lost-1' }),
      makeResult({ runId, caseId: 'lost-2' }),
    ]);
    await expect(write).rejects.toMatchObject({
      name: 'SextantClickHouseError',
      code: 'disk-full',
      message: expect.stringContaining(directory) as unknown,
    });

    await store.writeResults([makeResult({ runId, caseId: 'after' })]);
    await store.close();
    const result = await clickhouse.client.query({
      query: `SELECT case_id FROM \`${clickhouse.database}\`.sextant_eval_results WHERE run_id = {runId:String} ORDER BY case_id`,
      query_params: { runId },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ case_id: 'after' }, { case_id: 'before' }]);
  });
});
