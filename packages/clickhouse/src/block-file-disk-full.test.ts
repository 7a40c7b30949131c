// A full disk under the block files, on the real engine. The kernel's ENOSPC comes from /dev/full:
// the test links the owner's next block file name to it (the block-file directory is the
// `temporaryDirectory` option's), so the write fails exactly as on a full file system, and the
// name after it is an ordinary file again, as when space returns. A tiny tmpfs gives the same
// error but needs a privileged mount, which a test cannot count on.
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
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
import { SextantClickHouseError } from './clickhouse-errors.js';
import { ClickHouseResultStore } from './clickhouse-result-store.js';
import { ClickHouseSpanExporter } from './clickhouse-span-exporter.js';
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
  const parent = mkdtempSync(join(tmpdir(), 'sextant-disk-full-test-'));
  parents.push(parent);
  return parent;
}

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
