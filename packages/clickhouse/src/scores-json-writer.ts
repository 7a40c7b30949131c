/**
 * The `scores` column: `JSON.stringify(scores)` as a Native String, byte for byte, without making
 * the string. Plain scorer objects of strings, numbers, booleans and nulls (what the runner makes)
 * are written straight into a reused scratch buffer; anything else — a class instance, a
 * `toJSON`, a nested object, a BigInt — goes through `JSON.stringify` itself, so the bytes (or the
 * error) are always the ones it gives. A test compares the two on hostile input.
 */
import type { ScorerOutcome } from '@sextant/spec';
import type { ByteWriter } from './byte-writer.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NULL_TEXT = Buffer.from('null');
const TRUE_TEXT = Buffer.from('true');
const FALSE_TEXT = Buffer.from('false');

export class ScoresJsonWriter {
  #scratch = Buffer.allocUnsafe(4096);
  #length = 0;
  readonly #lastKeys: string[] = [];
  readonly #lastKeyText: Buffer[] = [];

  /** Appends `scores` as JSON text to a String column stream. */
  write(target: ByteWriter, scores: readonly ScorerOutcome[]): void {
    this.#length = 0;
    if (!this.#array(scores)) {
      target.string(JSON.stringify(scores));
      return;
    }
    target.varUInt(this.#length);
    // A plain view: cheaper to make than Buffer#subarray's.
    target.bytes(new Uint8Array(this.#scratch.buffer, this.#scratch.byteOffset, this.#length));
  }

  /** False when the array needs JSON.stringify's general rules. */
  #array(scores: readonly ScorerOutcome[]): boolean {
    if (!Array.isArray(scores) || (scores as { toJSON?: unknown }).toJSON !== undefined) {
      return false;
    }
    // for…in below also walks inherited enumerable keys; only Object.prototype's can be inherited.
    for (const _inherited in Object.prototype) return false;
    this.#byte(0x5b);
    for (let index = 0; index < scores.length; index += 1) {
      if (index > 0) this.#byte(0x2c);
      if (!this.#object(scores[index])) return false;
    }
    this.#byte(0x5d);
    return true;
  }

  #object(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    const record = value as Record<string, unknown>;
    if (record['toJSON'] !== undefined) return false;
    this.#byte(0x7b);
    let first = true;
    let position = 0;
    // for…in over an object whose prototype is Object.prototype (checked above, and that one has no
    // enumerable keys) visits what Object.keys gives, in its order, and reads each field fast.
    for (const key in record) {
      const field = record[key];
      // JSON.stringify leaves these keys out of an object.
      if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
      if (!first) this.#byte(0x2c);
      first = false;
      this.#key(key, position);
      position += 1;
      if (typeof field === 'string') this.#string(field);
      else if (typeof field === 'number') this.#number(field);
      else if (field === true) this.#text(TRUE_TEXT);
      else if (field === false) this.#text(FALSE_TEXT);
      else if (field === null) this.#text(NULL_TEXT);
      else return false;
    }
    this.#byte(0x7d);
    return true;
  }

  /**
   * `"key":`. Scorer objects share their keys in the same order, and property names are interned
   * strings, so the key at a position is usually the previous object's (an identity compare); its
   * bytes are then copied instead of scanned for escapes.
   */
  #key(key: string, position: number): void {
    if (key === this.#lastKeys[position]) {
      this.#text(this.#lastKeyText[position] as Buffer);
      return;
    }
    const start = this.#length;
    this.#string(key);
    this.#byte(0x3a);
    if (position < 32) {
      this.#lastKeys[position] = key;
      this.#lastKeyText[position] = Buffer.from(this.#scratch.subarray(start, this.#length));
    }
  }

  #string(value: string): void {
    const length = value.length;
    this.#reserve(length + 2);
    const scratch = this.#scratch;
    const start = this.#length;
    scratch[start] = QUOTE;
    for (let index = 0; index < length; index += 1) {
      const code = value.charCodeAt(index);
      if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) {
        // Escapes, non-ASCII, lone surrogates: JSON.stringify's own text, as UTF-8.
        this.#reserve(length * 6 + 2);
        this.#length = start + this.#scratch.write(JSON.stringify(value), start, 'utf8');
        return;
      }
      scratch[start + 1 + index] = code;
    }
    scratch[start + 1 + length] = QUOTE;
    this.#length = start + length + 2;
  }

  #number(value: number): void {
    if (!Number.isFinite(value)) {
      this.#text(NULL_TEXT);
      return;
    }
    if (!Number.isSafeInteger(value)) {
      // Always ASCII (digits, '.', '-', 'e', '+'); a JS copy beats a native write for ~20 bytes.
      const text = String(value);
      this.#reserve(text.length);
      for (let index = 0; index < text.length; index += 1) {
        this.#scratch[this.#length + index] = text.charCodeAt(index);
      }
      this.#length += text.length;
      return;
    }
    let rest = value < 0 ? -value : value;
    if (value < 0) this.#byte(0x2d);
    let digits = 1;
    for (let scale = 10; scale <= rest; scale *= 10) digits += 1;
    this.#reserve(digits);
    const end = this.#length + digits;
    for (let index = end - 1; index >= this.#length; index -= 1) {
      const next = Math.floor(rest / 10);
      this.#scratch[index] = 0x30 + (rest - next * 10);
      rest = next;
    }
    this.#length = end;
  }

  #text(bytes: Buffer): void {
    this.#reserve(bytes.length);
    for (let index = 0; index < bytes.length; index += 1) {
      this.#scratch[this.#length + index] = bytes[index] as number;
    }
    this.#length += bytes.length;
  }

  #byte(value: number): void {
    this.#reserve(1);
    this.#scratch[this.#length] = value;
    this.#length += 1;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#scratch.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#scratch.length * 2, this.#length + bytes));
    this.#scratch.copy(grown, 0, 0, this.#length);
    this.#scratch = grown;
  }
}
