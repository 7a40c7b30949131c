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
  const whole = Math.floor(milliseconds);
  const second = Math.floor(whole / 1000);
  // A batch's results mostly share a few seconds; formatting a Date is the costly part.
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }
  return `${lastSecondText}.${String(whole - second * 1000).padStart(3, '0')}`;
}

let lastSecond = Number.NaN;
let lastSecondText = '';
