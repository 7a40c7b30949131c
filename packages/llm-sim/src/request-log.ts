import type { FaultKind } from './faults/choose-fault.js';

/**
 * One HTTP request the simulator received, retries included, in arrival order. Entries are
 * appended when a request arrives and completed when its response starts (or the socket is
 * dropped), so a hanging request is visible with `status: null`.
 */
export interface SimRequestLogEntry {
  /** 0-based arrival number since the simulator started. */
  readonly sequence: number;
  /** Arrival time in epoch milliseconds (from the injectable clock). */
  readonly timestamp: number;
  readonly method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** The `model` of the body as sent (suffix included), or null if there was none. */
  readonly model: string | null;
  readonly stream: boolean;
  /** HTTP status sent; null when no response was sent (connection reset, hang, still running). */
  readonly status: number | null;
  /** The injected fault, if any. */
  readonly fault: FaultKind | null;
  /** How many identical requests (same seed, model, body and fault plan) came before this one. */
  readonly attempt: number;
  /** The id sent in `x-request-id` (OpenAI routes) or `request-id` (Anthropic routes). */
  readonly requestId: string;
  /** Request headers, lower-cased, without `authorization`, `x-api-key` and `api-key`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The mutable form the server fills in. */
export type MutableLogEntry = {
  -readonly [Key in keyof SimRequestLogEntry]: SimRequestLogEntry[Key];
};

const SECRET_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'proxy-authorization',
  'cookie',
]);

export function copySafeHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) {
    if (SECRET_HEADERS.has(name)) continue;
    const value = headers[name];
    if (value !== undefined) copy[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return copy;
}
