/**
 * Streams the records of one dataset file (CSV through fast-csv, JSONL line by line), so a
 * dataset of any size is never held in memory. Malformed rows throw a `SuiteError` naming the
 * file, the row and the column. `onBytes` sees every raw chunk (the loader hashes them).
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'fast-csv';
import { SuiteError } from '../errors/suite-error.js';
import type { DatasetRecord } from './dataset-row.js';
import { streamBatches } from './stream-batches.js';

export interface ReadRecordsOptions {
  /** Absolute path to open. */
  path: string;
  /** Name used in messages and `source.file`. */
  displayFile: string;
  onBytes?: (chunk: Buffer) => void;
}

export type DatasetFormat = 'csv' | 'jsonl';

/**
 * Bytes per file read. The parser turns a whole chunk into rows at once and they wait for the
 * pool; at 64 KB (Node's default) a file of short rows put ~4,000 rows ahead, long enough to be
 * promoted to old space (runner alone, 100k cases: 16 KB promoted 0.89 KB per case, 4 KB 0.50 KB).
 * Long rows pay a little for more reads, but fast-csv's scanner dominates them (1 KB rows: 63-69 us
 * per row at 4 KB, 44-63 us at 16 KB, noisy runs).
 */
const READ_BYTES = 4096;

export function datasetFormat(path: string): DatasetFormat | null {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  return null;
}

/** The records in file order, in batches of what the parser had ready (one promise turn each). */
export function readRecordBatches(options: ReadRecordsOptions): AsyncIterable<DatasetRecord[]> {
  return datasetFormat(options.path) === 'csv' ? readCsv(options) : readJsonl(options);
}

async function* readJsonl(options: ReadRecordsOptions): AsyncIterable<DatasetRecord[]> {
  const input = createReadStream(options.path, { highWaterMark: READ_BYTES });
  if (options.onBytes) input.on('data', (chunk) => options.onBytes?.(chunk as Buffer));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let row = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    row += 1;
    let fields: unknown;
    try {
      fields = JSON.parse(text);
    } catch (error) {
      throw rowError(options, line, row, '', `is not valid JSON (${(error as Error).message})`);
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      throw rowError(options, line, row, '', 'must be a JSON object, one per line');
    }
    yield [{ file: options.displayFile, row, line, fields: fields as Record<string, unknown> }];
  }
}

async function* readCsv(options: ReadRecordsOptions): AsyncIterable<DatasetRecord[]> {
  const input = createReadStream(options.path, { highWaterMark: READ_BYTES });
  if (options.onBytes) input.on('data', (chunk) => options.onBytes?.(chunk as Buffer));
  let invalid: { row: number; count: number } | null = null;
  let header: string[] = [];
  let row = 0;
  const parser = parse<Record<string, string>, Record<string, string>>({
    headers: (names) => {
      header = names.map((name) => (name ?? '').trim());
      return header;
    },
    strictColumnHandling: true,
    ignoreEmpty: true,
  });
  parser.on('data-invalid', (_record: unknown, rowCount: number) => {
    invalid ??= { row: rowCount, count: Object.keys(_record ?? {}).length };
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    reading: for await (const rows of streamBatches<Record<string, string>>(parser)) {
      const records: DatasetRecord[] = [];
      for (const fields of rows) {
        if (invalid !== null) {
          if (records.length > 0) yield records;
          break reading;
        }
        row += 1;
        // Lines equal rows + 1 unless a quoted field spans lines; the row is always exact.
        records.push({ file: options.displayFile, row, line: row + 1, fields });
      }
      yield records;
    }
  } catch (error) {
    if (error instanceof SuiteError) throw error;
    throw rowError(
      options,
      null,
      row + 1,
      '',
      `could not be read as CSV (${(error as Error).message})`,
    );
  }
  if (header.length === 0)
    throw rowError(
      options,
      1,
      null,
      '',
      'has no header line; the first line must name the columns',
    );
  if (invalid !== null) {
    const bad = invalid as { row: number; count: number };
    throw rowError(
      options,
      null,
      bad.row,
      '',
      `has a different number of fields than the header (${header.length} columns: ${header.join(', ')})`,
    );
  }
}

function rowError(
  options: ReadRecordsOptions,
  line: number | null,
  row: number | null,
  column: string,
  message: string,
): SuiteError {
  return new SuiteError([
    { file: options.displayFile, line, ...(row === null ? {} : { row }), field: column, message },
  ]);
}
