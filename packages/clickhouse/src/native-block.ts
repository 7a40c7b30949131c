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
function epochTextToNanoseconds(text: string): bigint {
  const dot = text.indexOf('.');
  if (dot === -1) return BigInt(text) * 1_000_000_000n;
  return BigInt(text.slice(0, dot)) * 1_000_000_000n + BigInt(text.slice(dot + 1).padEnd(9, '0'));
}

class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(capacity: number) {
    this.#buffer = Buffer.allocUnsafe(capacity);
  }

  result(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  varUInt(value: number): void {
    this.#reserve(10);
    let rest = value;
    while (rest >= 0x80) {
      this.#buffer[this.#length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#buffer[this.#length++] = rest;
  }

  string(value: string): void {
    // Most of our strings are short ASCII (ids, attribute names, models): copying their code units
    // in JS is several times faster than a Buffer.write call each. Anything else goes through
    // Buffer.write, which encodes UTF-8 (lone surrogates become U+FFFD, as in the JSON path).
    const length = value.length;
    if (length < 0x80) {
      this.#reserve(length + 1);
      const buffer = this.#buffer;
      const start = this.#length + 1;
      let index = 0;
      for (; index < length; index += 1) {
        const code = value.charCodeAt(index);
        if (code >= 0x80) break;
        buffer[start + index] = code;
      }
      if (index === length) {
        buffer[this.#length] = length;
        this.#length = start + length;
        return;
      }
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.#reserve(bytes + 10);
    this.varUInt(bytes);
    this.#length += this.#buffer.write(value, this.#length, 'utf8');
  }

  uint8(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  uint32(value: number): void {
    this.#reserve(4);
    this.#buffer.writeUInt32LE(value, this.#length);
    this.#length += 4;
  }

  uint64(value: number | string | bigint): void {
    this.#reserve(8);
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      this.#buffer.writeUInt32LE(value % 0x1_0000_0000, this.#length);
      this.#buffer.writeUInt32LE(Math.floor(value / 0x1_0000_0000), this.#length + 4);
    } else {
      this.#buffer.writeBigUInt64LE(BigInt(value), this.#length);
    }
    this.#length += 8;
  }

  float64(value: number): void {
    this.#reserve(8);
    this.#buffer.writeDoubleLE(value, this.#length);
    this.#length += 8;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
