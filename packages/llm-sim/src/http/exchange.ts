import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { MutableLogEntry } from '../request-log.js';
import type { SimState } from '../sim-state.js';
import type { ErrorKind, RequestError } from './request-error.js';

export type Vendor = 'openai' | 'anthropic';

/** One request being answered: where it came from, where the answer goes, and its log entry. */
export interface Exchange {
  state: SimState;
  request: IncomingMessage;
  response: ServerResponse;
  vendor: Vendor;
  entry: MutableLogEntry;
  /** Headers every response of this exchange carries (request id, rate limits). */
  headers: OutgoingHttpHeaders;
}

export function sendJson(options: {
  exchange: Exchange;
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}): void {
  const { exchange, status } = options;
  const text = JSON.stringify(options.body);
  writeHead({ exchange, status, contentType: 'application/json', headers: options.headers });
  exchange.response.end(text);
}

export function writeHead(options: {
  exchange: Exchange;
  status: number;
  contentType: string;
  headers?: OutgoingHttpHeaders | undefined;
}): void {
  const { exchange, status } = options;
  exchange.entry.status = status;
  exchange.response.writeHead(status, {
    ...exchange.headers,
    ...options.headers,
    'content-type': options.contentType,
  });
}

const OPENAI_ERRORS: Record<ErrorKind, { status: number; type: string; code: string | null }> = {
  invalid_request: { status: 400, type: 'invalid_request_error', code: null },
  authentication: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' },
  not_found: { status: 404, type: 'invalid_request_error', code: null },
  request_too_large: { status: 413, type: 'invalid_request_error', code: null },
  rate_limit: { status: 429, type: 'requests', code: 'rate_limit_exceeded' },
  server: { status: 500, type: 'server_error', code: null },
  overloaded: { status: 503, type: 'server_error', code: 'overloaded' },
};

const ANTHROPIC_ERRORS: Record<ErrorKind, { status: number; type: string }> = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  authentication: { status: 401, type: 'authentication_error' },
  not_found: { status: 404, type: 'not_found_error' },
  request_too_large: { status: 413, type: 'request_too_large' },
  rate_limit: { status: 429, type: 'rate_limit_error' },
  server: { status: 500, type: 'api_error' },
  overloaded: { status: 529, type: 'overloaded_error' },
};

/** The vendor's error status and body: OpenAI `{ error: {...} }`, Anthropic `{ type: 'error', ... }`. */
export function sendError(options: {
  exchange: Exchange;
  error: RequestError;
  headers?: OutgoingHttpHeaders;
}): void {
  const { exchange, error } = options;
  if (exchange.vendor === 'anthropic') {
    const shape = ANTHROPIC_ERRORS[error.kind];
    sendJson({
      exchange,
      status: shape.status,
      headers: options.headers ?? {},
      body: {
        type: 'error',
        error: { type: shape.type, message: error.message },
        request_id: exchange.entry.requestId,
      },
    });
    return;
  }
  const shape = OPENAI_ERRORS[error.kind];
  sendJson({
    exchange,
    status: shape.status,
    headers: options.headers ?? {},
    body: {
      error: {
        message: error.message,
        type: shape.type,
        param: error.param,
        code: error.code ?? shape.code,
      },
    },
  });
}
