/**
 * `error.type` for a failed call: the HTTP status the provider answered with when there is one
 * (as the conventions advise), otherwise the error class name. The three failures without a
 * status have one name whatever client made the call, so a dashboard counts them together: the
 * `openai` SDK's class names, with `timeout` (the conventions' own value) for a timeout. Clients
 * without the SDK's classes say which failure it was by the standard error names that
 * `AbortSignal` uses, `TimeoutError` and `AbortError`, or by naming a connection failure
 * `APIConnectionError`.
 */
export const TIMEOUT_ERROR_TYPE = 'timeout';
export const ABORT_ERROR_TYPE = 'APIUserAbortError';
const CONNECTION_ERROR_TYPE = 'APIConnectionError';

/** `error.name` values that stand for one of those failures. */
const NAMED_FAILURES: Readonly<Record<string, string>> = {
  TimeoutError: TIMEOUT_ERROR_TYPE,
  AbortError: ABORT_ERROR_TYPE,
  APIConnectionError: CONNECTION_ERROR_TYPE,
};

export function errorType(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && Number.isInteger(status)) return String(status);
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (name === 'APIConnectionTimeoutError') return TIMEOUT_ERROR_TYPE;
    const named = (error as { name?: unknown }).name;
    if (typeof named === 'string' && Object.hasOwn(NAMED_FAILURES, named))
      return NAMED_FAILURES[named] as string;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return '_OTHER';
}

/**
 * True when `signal` is an aborted signal whose reason is named `TimeoutError`, as
 * `AbortSignal.timeout(ms)` and the eval runner's timeout make it. The SDKs throw one abort class
 * whatever the reason, so this is how a call cut by its caller's timeout is told apart. Reads
 * nothing but `aborted` and `reason.name`, and never throws.
 */
export function abortedByTimeout(signal: unknown): boolean {
  try {
    if (signal === null || typeof signal !== 'object') return false;
    if ((signal as { aborted?: unknown }).aborted !== true) return false;
    const reason = (signal as { reason?: unknown }).reason;
    return (
      reason !== null &&
      typeof reason === 'object' &&
      (reason as { name?: unknown }).name === 'TimeoutError'
    );
  } catch {
    return false;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
