/**
 * Sorts a failed call into an error type, so an outage (timeouts, 429s after retries, 5xx,
 * connection failures) is recorded apart from quality failures. Works by duck typing on the
 * SDK errors and the runner's own client's (`status`, class name), so the runner needs neither
 * SDK. Messages are redacted.
 */

export type CallErrorType =
  | 'timeout'
  | 'rate_limit'
  | 'server_error'
  | 'connection'
  | 'authentication'
  | 'bad_request'
  | 'content_filter'
  | 'aborted'
  | 'provider_error';

export interface ClassifiedError {
  type: CallErrorType;
  message: string;
}

export function classifyError(error: unknown, redact: (text: string) => string): ClassifiedError {
  const message = redact(error instanceof Error ? error.message : String(error)).slice(0, 500);
  const name = error instanceof Error ? error.constructor.name : '';
  const status =
    typeof (error as { status?: unknown } | null)?.status === 'number'
      ? (error as { status: number }).status
      : null;
  if (
    name === 'APIConnectionTimeoutError' ||
    name === 'TimeoutError' ||
    (error as Error | null)?.name === 'TimeoutError'
  ) {
    return { type: 'timeout', message };
  }
  if (status === 429) return { type: 'rate_limit', message };
  if (status !== null && status >= 500) return { type: 'server_error', message };
  if (status === 401 || status === 403) return { type: 'authentication', message };
  if (status !== null && status >= 400) return { type: 'bad_request', message };
  if (name === 'APIUserAbortError' || (error as Error | null)?.name === 'AbortError')
    return { type: 'aborted', message };
  if (name === 'APIConnectionError' || name === 'ChatCompletionsConnectionError')
    return { type: 'connection', message };
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof cause === 'string' && /^(ECONN|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR)/.test(cause))
    return { type: 'connection', message };
  return { type: 'provider_error', message };
}

/**
 * Secrets shorter than this are not redacted: a placeholder key for a keyless local server
 * (`x`) would otherwise turn every such letter of every message into `[REDACTED]`.
 */
export const MIN_REDACTED_SECRET_LENGTH = 4;

/** Replaces every known secret, and anything shaped like an API key, with `[REDACTED]`. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const known = secrets
    .filter((secret) => secret.length >= MIN_REDACTED_SECRET_LENGTH)
    .sort((left, right) => right.length - left.length);
  const keyShaped =
    /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}|\bsk-ant-[A-Za-z0-9_-]{8,}|\bBearer\s+[A-Za-z0-9._-]{8,}/g;
  return (text) => {
    let value = text;
    for (const secret of known) value = value.split(secret).join('[REDACTED]');
    return value.replace(keyShaped, '[REDACTED]');
  };
}
