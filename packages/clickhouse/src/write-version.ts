/**
 * Version numbers for ReplacingMergeTree rows: microseconds since the epoch from an injectable
 * clock, made strictly increasing within the process so two writes of one key in the same
 * millisecond still order. Across processes the later wall clock wins.
 */
import type { ByteWriter } from './byte-writer.js';

export type WriteVersionSource = () => number;

export function createWriteVersionSource(now: () => number = Date.now): WriteVersionSource {
  let last = 0;
  return () => {
    last = Math.max(Math.floor(now() * 1000), last + 1);
    return last;
  };
}

/**
 * Epoch milliseconds as `YYYY-MM-DD hh:mm:ss.sss` in UTC, for DateTime64(3, 'UTC') columns (the
 * column's timezone decides how text is read, so the server's timezone never matters). Numeric
 * text is not used because ClickHouse reads short numbers such as `1.000` as dates.
 */
export function millisecondsToDateTime64(milliseconds: number): string {
  const whole = Math.floor(milliseconds);
  const second = secondText(whole);
  return `${lastSecondText}.${String(whole - second * 1000).padStart(3, '0')}`;
}

/**
 * The same text as a Native String value (varint length, then the bytes), written into `writer`
 * without making the string: the encoder writes one per result.
 */
export function writeDateTime64Text(writer: ByteWriter, milliseconds: number): void {
  const whole = Math.floor(milliseconds);
  const second = secondText(whole);
  const fraction = whole - second * 1000;
  writer.varUInt(lastSecondText.length + 4);
  writer.ascii(lastSecondText);
  writer.uint8(0x2e);
  writer.uint8(0x30 + Math.floor(fraction / 100));
  writer.uint8(0x30 + (Math.floor(fraction / 10) % 10));
  writer.uint8(0x30 + (fraction % 10));
}

/** Formats the second of `whole` (epoch ms) into lastSecondText, once per second; returns it. */
function secondText(whole: number): number {
  const second = Math.floor(whole / 1000);
  // A batch's results mostly share a few seconds; formatting a Date is the costly part.
  if (second !== lastSecond) {
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
    lastSecond = second;
  }
  return second;
}

let lastSecond = Number.NaN;
let lastSecondText = '';
