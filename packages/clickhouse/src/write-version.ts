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

/**
 * Epoch milliseconds as `YYYY-MM-DD hh:mm:ss.sss` in UTC, for DateTime64(3, 'UTC') columns (the
 * column's timezone decides how text is read, so the server's timezone never matters). Numeric
 * text is not used because ClickHouse reads short numbers such as `1.000` as dates.
 */
export function millisecondsToDateTime64(milliseconds: number): string {
  return new Date(Math.floor(milliseconds)).toISOString().replace('T', ' ').replace('Z', '');
}
