/**
 * The column streams of a `Map(String, String)` attribute column (or of the maps in an array of
 * them) as `OtelTraceBlockEncoder` writes them: offsets, keys and values, with the repeated
 * attribute names of one instrumentation encoded once. Values follow attributeValueToString.
 */
import type { Attributes } from '@opentelemetry/api';
import { attributeValueToString } from './attribute-value-to-string.js';
import { ByteWriter } from './byte-writer.js';

/** Offsets, keys and values of a `Map(String, String)` column (or of the maps in an array). */
export class AttributeMapStreams {
  readonly offsets: ByteWriter;
  readonly keys: ByteWriter;
  readonly values: ByteWriter;
  entries = 0;
  /**
   * The keys of the previous map by position, with their encodings: spans of one instrumentation
   * set the same attributes in the same order, and property names are interned strings, so a
   * position's key is usually the very same string (an identity compare, no hashing).
   */
  readonly #lastKeys: string[] = [];
  readonly #lastEncoded: Buffer[] = [];

  constructor(rows: number, bytesPerRow: number) {
    this.offsets = new ByteWriter(rows * 8);
    this.keys = new ByteWriter(rows * bytesPerRow);
    this.values = new ByteWriter(rows * bytesPerRow);
  }

  /** Appends one map (undefined values left out, as attributesToStringMap does) and ends it. */
  add(attributes: Attributes | undefined): void {
    if (attributes !== undefined) {
      if (visitsOwnKeysOnly(attributes)) {
        // for…in reads each value by its enum-cache index; a keyed read of Object.keys' names is a
        // hashed lookup per attribute.
        let position = 0;
        for (const key in attributes) this.#entry(key, attributes[key], position++);
      } else {
        const keys = Object.keys(attributes);
        for (let position = 0; position < keys.length; position += 1) {
          const key = keys[position] as string;
          this.#entry(key, attributes[key], position);
        }
      }
    }
    this.offsets.uint64(this.entries);
  }

  #entry(key: string, value: Attributes[string], position: number): void {
    if (value === undefined || value === null) return;
    if (key === this.#lastKeys[position]) this.keys.bytes(this.#lastEncoded[position] as Buffer);
    else if (position < 64) {
      this.#lastKeys[position] = key;
      this.#lastEncoded[position] = writeKey(this.keys, key);
    } else writeKey(this.keys, key);
    if (typeof value === 'string') this.values.string(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.values.integerText(value);
    } else if (!writeSimpleStringArray(this.values, value)) {
      this.values.string(attributeValueToString(value));
    }
    this.entries += 1;
  }

  reset(): void {
    this.offsets.reset();
    this.keys.reset();
    this.values.reset();
    this.entries = 0;
  }

  streams(): Buffer[] {
    return [this.offsets.result(), this.keys.result(), this.values.result()];
  }
}

// Attribute names repeat across spans (semantic conventions): each is encoded once and copied.
// Bounded, so high-cardinality names cost their encoding and nothing more.
const encodedKeys = new Map<string, Buffer>();
const ENCODED_KEYS_LIMIT = 4_096;

/**
 * Whether for…in over `attributes` visits exactly what Object.keys gives, in the same order: a
 * plain or null-prototype object, and nothing enumerable on Object.prototype (a polluted
 * prototype would add its keys).
 */
function visitsOwnKeysOnly(attributes: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(attributes);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const _inherited in Object.prototype) return false;
  return true;
}

/** Writes the key and returns its encoding. */
function writeKey(writer: ByteWriter, key: string): Buffer {
  const encoded = encodedKeys.get(key);
  if (encoded !== undefined) {
    writer.bytes(encoded);
    return encoded;
  }
  const start = writer.length;
  writer.string(key);
  const made = Buffer.from(writer.result().subarray(start));
  if (encodedKeys.size < ENCODED_KEYS_LIMIT) encodedKeys.set(key, made);
  return made;
}

/**
 * An array of printable-ASCII strings without quotes or backslashes (finish reasons, tool names)
 * as the JSON text attributeValueToString gives it (`["stop"]`), written without making the
 * string; false (nothing written) for any other value, which then takes the general path.
 */
function writeSimpleStringArray(writer: ByteWriter, value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0 || value.length > 16) return false;
  let length = 1 + value.length * 3; // brackets, quotes and commas
  for (let index = 0; index < value.length; index += 1) {
    const item: unknown = value[index];
    if (typeof item !== 'string' || item.length > 64) return false;
    for (let at = 0; at < item.length; at += 1) {
      const code = item.charCodeAt(at);
      if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
    }
    length += item.length;
  }
  writer.varUInt(length);
  writer.uint8(0x5b);
  for (let index = 0; index < value.length; index += 1) {
    if (index > 0) writer.uint8(0x2c);
    writer.uint8(0x22);
    writer.ascii(value[index] as string);
    writer.uint8(0x22);
  }
  writer.uint8(0x5d);
  return true;
}
