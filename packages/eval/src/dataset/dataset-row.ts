/**
 * Turns one dataset record into an `EvalCase`. Reserved columns: `id`, `expected`, `tags`
 * (a list in JSONL, comma- or semicolon-separated in CSV) and `metadata.*` (or a `metadata`
 * object in JSONL); every other column is a template variable. A case without an `id` gets a
 * stable one: a hash of its variables, so the same row keeps its id across runs and files.
 */
import { createHash } from 'node:crypto';
import type { EvalCase } from '@sextant/spec';

export interface DatasetRecord {
  file: string;
  /** 1-based data row within the file. */
  row: number;
  /** 1-based line where the record starts. */
  line: number;
  fields: Record<string, unknown>;
}

export class DatasetRowError extends Error {
  override readonly name = 'DatasetRowError';
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

export function toEvalCase(record: DatasetRecord): EvalCase {
  const vars: Record<string, unknown> = {};
  const metadata: Record<string, string> = {};
  let id: string | null = null;
  let expected: string | null = null;
  let tags: string[] = [];
  for (const [column, value] of Object.entries(record.fields)) {
    if (column === 'id') id = readId(value);
    else if (column === 'expected') expected = readExpected(value);
    else if (column === 'tags') tags = readTags(value);
    else if (column === 'metadata') Object.assign(metadata, readMetadata(value));
    else if (column.startsWith('metadata.')) metadata[column.slice(9)] = scalarText(value);
    else vars[column] = value;
  }
  return {
    id: id ?? hashVariables(vars),
    vars,
    expected,
    tags,
    metadata,
    source: { file: record.file, line: record.line },
  };
}

export function hashVariables(vars: Record<string, unknown>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(vars).sort())
    hash.update(`${JSON.stringify(key)}:${JSON.stringify(vars[key])};`);
  return hash.digest('hex').slice(0, 16);
}

function readId(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new DatasetRowError('id', 'must be a string or a number');
}

function readExpected(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function readTags(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    return value
      .split(/[,;]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
  }
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string'))
    return value as string[];
  throw new DatasetRowError('tags', 'must be a list of strings (or a comma-separated string)');
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DatasetRowError('metadata', 'must be an object of scalar values');
  }
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) metadata[key] = scalarText(item);
  return metadata;
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
