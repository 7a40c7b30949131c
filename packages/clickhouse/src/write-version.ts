/**
 * Version numbers for ReplacingMergeTree rows: microseconds since the epoch from an injectable
 * clock, made strictly increasing within the process so two writes of one key in the same
 * millisecond still order. Across processes the later wall clock wins.
 */
export type WriteVersionSource = () => number;

export function createWriteVersionSource(now: () => number = Date.now): WriteVersionSource {
  let last = 0;
  return () => {
    last = Math.max(Math.floor(now() * 1000), last + 1);
    return last;
  };
}

/** Epoch milliseconds as DateTime64(3) text, unambiguous whatever the server timezone. */
export function millisecondsToDateTime64(milliseconds: number): string {
  const whole = Math.floor(milliseconds);
  const seconds = Math.floor(whole / 1000);
  return `${String(seconds)}.${String(whole - seconds * 1000).padStart(3, '0')}`;
}
