/**
 * `error.type` for a failed call: the HTTP status the provider answered with when there is one
 * (as the conventions advise), `timeout` for timeouts, otherwise the error class name.
 */
export function errorType(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && Number.isInteger(status)) return String(status);
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (name === 'APIConnectionTimeoutError') return 'timeout';
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return '_OTHER';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
