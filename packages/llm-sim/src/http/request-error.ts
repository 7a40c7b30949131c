/**
 * A failure answered with an HTTP error in the vendor's shape. `kind` is vendor-neutral; the
 * OpenAI and Anthropic renderers map it to their own `type` names and status codes.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'server'
  | 'overloaded';

export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly kind: ErrorKind;
  readonly param: string | null;
  readonly code: string | null;

  constructor(options: { kind: ErrorKind; message: string; param?: string; code?: string }) {
    super(options.message);
    this.kind = options.kind;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }
}

/** A 400 naming the offending field. */
export function invalidField(param: string, problem: string): RequestError {
  return new RequestError({ kind: 'invalid_request', param, message: `${param}: ${problem}` });
}
