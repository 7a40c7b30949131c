/**
 * What the runner's own Chat Completions client throws, one class per way a call fails, so
 * `classifyError` sorts them as it sorts the `openai` SDK's errors: an HTTP error carries the
 * `status` and the server's `error` object, with the SDK's message (`429 Rate limit reached…`);
 * a timeout is named `TimeoutError`, an abort `AbortError`, a connection failure
 * `APIConnectionError` (the names the instrumentation turns into the SDK path's `error.type`:
 * `timeout`, `APIUserAbortError`, `APIConnectionError`) and keeps the transport's error as
 * `cause`. Messages never hold the API key: the client redacts them.
 */

export class ChatCompletionsStatusError extends Error {
  override readonly name = 'ChatCompletionsStatusError';
  readonly status: number;
  /** The response body's `error` object, when the body was JSON. */
  readonly error: unknown;
  readonly requestId: string | null;

  constructor(options: {
    status: number;
    error: unknown;
    message: string;
    requestId: string | null;
  }) {
    super(options.message);
    this.status = options.status;
    this.error = options.error;
    this.requestId = options.requestId;
  }
}

/** The connection failed or dropped before the response head (refused, reset, DNS, TLS). */
export class ChatCompletionsConnectionError extends Error {
  override readonly name = 'APIConnectionError';
}

/** The call's timeout ran out (all attempts and waits between them included). */
export class ChatCompletionsTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The caller's signal aborted the call. */
export class ChatCompletionsAbortError extends Error {
  override readonly name = 'AbortError';
}

/** The server sent an error inside the event stream (`data: {"error": …}`). */
export class ChatCompletionsStreamError extends Error {
  override readonly name = 'ChatCompletionsStreamError';
  readonly error: unknown;

  constructor(options: { error: unknown; message: string }) {
    super(options.message);
    this.error = options.error;
  }
}

/**
 * The message the `openai` SDK gives an error (its `APIError.makeMessage`), so both clients
 * report the same text: the server's `error.message`, else the error object as JSON, else the
 * body's text, after the status.
 */
export function errorMessage(
  status: number | undefined,
  error: unknown,
  bodyText: string | undefined,
): string {
  // Truthiness throughout, as the SDK tests these values.
  const message: unknown = error ? (error as { message?: unknown }).message : undefined;
  const text = message
    ? typeof message === 'string'
      ? message
      : JSON.stringify(message)
    : error
      ? JSON.stringify(error)
      : bodyText;
  if (status && text) return `${status} ${text}`;
  if (status) return `${status} status code (no body)`;
  if (text) return text;
  return '(no status code or body)';
}

/** The error for a non-2xx response whose body (read as text) is `bodyText`. */
export function statusError(
  status: number,
  bodyText: string,
  requestId: string | null,
): ChatCompletionsStatusError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText) as unknown;
  } catch {
    parsed = undefined;
  }
  const error = parsed ? (parsed as { error?: unknown }).error : undefined;
  // As the SDK: a JSON body speaks through its `error` field only; other bodies by their text.
  const message = errorMessage(status, error, parsed ? undefined : bodyText);
  return new ChatCompletionsStatusError({ status, error, message, requestId });
}
