/**
 * Typed errors of @sextant/clickhouse. Each message says what was wrong, where, and what to do;
 * none of them ever contains a password (URLs are reported without credentials).
 */

export type ClickHouseErrorCode =
  | 'invalid-option'
  | 'invalid-result'
  | 'disk-full'
  | 'embedded-engine-unavailable'
  | 'embedded-directory-busy'
  | 'migration-failed';

export class SextantClickHouseError extends Error {
  readonly code: ClickHouseErrorCode;

  constructor(options: { code: ClickHouseErrorCode; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SextantClickHouseError';
    this.code = options.code;
  }
}

/** Strips user info from a URL so it can be shown in messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
