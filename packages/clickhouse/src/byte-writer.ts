/**
 * A growing little-endian byte buffer for ClickHouse `Native` data: one writer per column stream,
 * values appended in place (no per-value allocation), the result a view of the filled part.
 */
export class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(capacity = 4096) {
    this.#buffer = Buffer.allocUnsafe(Math.max(16, capacity));
  }

  get length(): number {
    return this.#length;
  }

  /** The bytes written so far (a view: valid until the next write). */
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

  /** A String value: varint byte length, then UTF-8 (lone surrogates become U+FFFD). */
  string(value: string): void {
    // Most of our strings are short ASCII (ids, attribute names, models): copying their code units
    // in JS is several times faster than a Buffer.write call each.
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
    // Anything else is written once at its longest possible varint position (3 bytes per UTF-16
    // unit), then moved back if its byte length needs a shorter varint.
    const longest = length * 3;
    const guessed = varUIntSize(longest);
    // Room for the varint written below too, so it never grows the buffer past unsaved bytes.
    this.#reserve(longest + 10);
    const at = this.#length;
    const written = this.#buffer.write(value, at + guessed, 'utf8');
    const needed = varUIntSize(written);
    if (needed < guessed) {
      this.#buffer.copyWithin(at + needed, at + guessed, at + guessed + written);
    }
    this.varUInt(written);
    this.#length = at + needed + written;
  }

  /** The code units of a string the caller knows is ASCII, without a length prefix. */
  ascii(value: string): void {
    const length = value.length;
    this.#reserve(length);
    const buffer = this.#buffer;
    const start = this.#length;
    for (let index = 0; index < length; index += 1) buffer[start + index] = value.charCodeAt(index);
    this.#length = start + length;
  }

  /** A safe integer as the decimal text String(value) gives, without making the string. */
  integerText(value: number): void {
    const negative = value < 0 ? 1 : 0;
    let rest = negative === 1 ? -value : value;
    let digits = 1;
    for (let scale = 10; scale <= rest; scale *= 10) digits += 1;
    this.#reserve(digits + negative + 1);
    const buffer = this.#buffer;
    buffer[this.#length] = digits + negative;
    if (negative === 1) buffer[this.#length + 1] = 0x2d;
    const end = this.#length + 1 + negative + digits;
    for (let index = end - 1; index > end - 1 - digits; index -= 1) {
      const next = Math.floor(rest / 10);
      // The digit first: 0x30 + rest would round for integers near 2^53.
      buffer[index] = 0x30 + (rest - next * 10);
      rest = next;
    }
    this.#length = end;
  }

  /** Discards the content and keeps the capacity. */
  reset(): void {
    this.#length = 0;
  }

  /** Drops whatever was written after the first `length` bytes. */
  truncate(length: number): void {
    this.#length = Math.min(this.#length, length);
  }

  /** Raw bytes, e.g. values encoded once and reused. */
  bytes(source: Uint8Array): void {
    const length = source.length;
    this.#reserve(length);
    const buffer = this.#buffer;
    const start = this.#length;
    // A JS copy beats the native call for the short names this mostly copies.
    if (length <= 64)
      for (let index = 0; index < length; index += 1)
        buffer[start + index] = source[index] as number;
    else buffer.set(source, start);
    this.#length = start + length;
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

  /** Exact for safe non-negative integers; anything else goes through BigInt (and may throw). */
  uint64(value: number | string | bigint): void {
    // Offsets, counts and tokens: below 2^32, so the high half is zero. Byte stores beat
    // writeUInt32LE's range and bounds checks, which were a visible share of encoding.
    if (typeof value === 'number' && value >= 0 && value <= 0xff_ff_ff_ff && value % 1 === 0) {
      this.#reserve(8);
      const buffer = this.#buffer;
      const at = this.#length;
      buffer[at] = value & 0xff;
      buffer[at + 1] = (value >>> 8) & 0xff;
      buffer[at + 2] = (value >>> 16) & 0xff;
      buffer[at + 3] = value >>> 24;
      buffer[at + 4] = 0;
      buffer[at + 5] = 0;
      buffer[at + 6] = 0;
      buffer[at + 7] = 0;
      this.#length = at + 8;
      return;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      this.uint64Halves(Math.floor(value / 0x1_0000_0000), value % 0x1_0000_0000);
      return;
    }
    this.#reserve(8);
    this.#buffer.writeBigUInt64LE(BigInt(value), this.#length);
    this.#length += 8;
  }

  /** A 64-bit value from its high and low 32-bit halves (each 0 ≤ half < 2^32). */
  uint64Halves(high: number, low: number): void {
    this.#reserve(8);
    this.#buffer.writeUInt32LE(low, this.#length);
    this.#buffer.writeUInt32LE(high, this.#length + 4);
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

function varUIntSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size += 1;
  return size;
}
