/**
 * One ClickHouse `Native` block (the engine's own columnar format) encoded from rows of values,
 * for the embedded engine's insert path: the engine reads it without parsing text, so an INSERT
 * costs only the table's own work (sorting, compression, indexes, views).
 *
 * Layout (as `INSERT INTO FUNCTION file(…, 'Native')` writes it, no per-column serialization
 * info): varint column count, varint row count, then per column its name, its type and its data.
 * Only the wire types the eval and span tables need are supported; the INSERT … SELECT that reads
 * the block casts them to the table's types (String → LowCardinality(String), String →
 * DateTime64(3, 'UTC') with the same text parser the JSON input used).
 */
import { ByteWriter } from './byte-writer.js';

export type NativeType =
  | 'String'
  | 'Nullable(String)'
  | 'UInt32'
  | 'UInt64'
  | 'Float64'
  | 'Nullable(Float64)'
  | 'Bool'
  | 'DateTime64(9)'
  | 'Map(String, String)'
  | 'Map(String, Float64)'
  | 'Array(String)'
  | 'Array(DateTime64(9))'
  | 'Array(Map(String, String))';

export interface NativeColumn {
  /** A plain name (no dots): the reading SELECT maps columns by position. */
  name: string;
  type: NativeType;
}

export function encodeNativeBlock(
  columns: readonly NativeColumn[],
  rows: ReadonlyArray<readonly unknown[]>,
): Buffer {
  const writer = new ByteWriter(1024 + rows.length * 512);
  writer.varUInt(columns.length);
  writer.varUInt(rows.length);
  columns.forEach((column, index) => {
    writer.string(column.name);
    writer.string(column.type);
    writeColumn(
      writer,
      column.type,
      rows.map((row) => row[index]),
    );
  });
  return writer.result();
}

function writeColumn(writer: ByteWriter, type: NativeType, values: readonly unknown[]): void {
  switch (type) {
    case 'String':
      for (const value of values) writer.string(value as string);
      return;
    case 'Nullable(String)':
      for (const value of values) writer.uint8(value === null || value === undefined ? 1 : 0);
      for (const value of values) writer.string((value as string | null) ?? '');
      return;
    case 'UInt32':
      for (const value of values) writer.uint32(Number(value));
      return;
    case 'UInt64':
      for (const value of values) writer.uint64(value as number | string);
      return;
    case 'Float64':
      for (const value of values) writer.float64(Number(value));
      return;
    case 'Nullable(Float64)':
      for (const value of values) writer.uint8(value === null || value === undefined ? 1 : 0);
      for (const value of values) writer.float64((value as number | null) ?? 0);
      return;
    case 'Bool':
      for (const value of values) writer.uint8(value === true ? 1 : 0);
      return;
    case 'DateTime64(9)':
      for (const value of values) writer.uint64(epochTextToNanoseconds(value as string));
      return;
    case 'Map(String, String)':
    case 'Map(String, Float64)': {
      const maps = values as ReadonlyArray<Record<string, string | number>>;
      // for…in walks the same own enumerable string keys, in the same order, as Object.entries
      // (our maps are plain objects) without allocating an entry array per map.
      let offset = 0;
      for (const map of maps) {
        for (const _key in map) offset += 1;
        writer.uint64(offset);
      }
      for (const map of maps) for (const key in map) writer.string(key);
      if (type === 'Map(String, String)') {
        for (const map of maps) for (const key in map) writer.string(map[key] as string);
      } else {
        for (const map of maps) for (const key in map) writer.float64(map[key] as number);
      }
      return;
    }
    case 'Array(String)':
    case 'Array(DateTime64(9))':
    case 'Array(Map(String, String))': {
      const arrays = values as ReadonlyArray<readonly unknown[]>;
      writeOffsets(writer, arrays);
      const inner = type.slice('Array('.length, -1) as NativeType;
      writeColumn(writer, inner, arrays.flat());
      return;
    }
  }
}

/** Array and Map columns start with each row's cumulative end offset (UInt64). */
function writeOffsets(writer: ByteWriter, lists: ReadonlyArray<{ length: number }>): void {
  let offset = 0;
  for (const list of lists) {
    offset += list.length;
    writer.uint64(offset);
  }
}

/** `seconds.nanoseconds` (see hrTimeToDateTime64) → nanoseconds since the epoch. */
export function epochTextToNanoseconds(text: string): bigint {
  const dot = text.indexOf('.');
  if (dot === -1) return BigInt(text) * 1_000_000_000n;
  return BigInt(text.slice(0, dot)) * 1_000_000_000n + BigInt(text.slice(dot + 1).padEnd(9, '0'));
}

/**
 * A block from data already encoded column by column (see otel-trace-block.ts): `data[i]` holds
 * column i's streams in wire order (offsets before elements, null map before values). Returns the
 * block as a list of parts to write in order; they are views of `data`, not copies.
 */
export function nativeBlockParts(
  columns: readonly NativeColumn[],
  rowCount: number,
  data: ReadonlyArray<readonly Buffer[]>,
): Buffer[] {
  const header = new ByteWriter(64);
  header.varUInt(columns.length);
  header.varUInt(rowCount);
  const parts = [header.result()];
  columns.forEach((column, index) => {
    const names = new ByteWriter(64);
    names.string(column.name);
    names.string(column.type);
    parts.push(names.result(), ...(data[index] ?? []));
  });
  return parts;
}
