import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleMessages } from './anthropic/messages.js';
import { sendError, type Exchange, type Vendor } from './http/exchange.js';
import { RequestError } from './http/request-error.js';
import { handleChatCompletions } from './openai/chat-completions.js';
import { handleEmbeddings } from './openai/embeddings.js';
import { handleListModels } from './openai/list-models.js';
import { handleResponses } from './openai/responses.js';
import { copySafeHeaders, type MutableLogEntry } from './request-log.js';
import { simulatedId } from './simulated-id.js';
import type { SimState } from './sim-state.js';

type Handler = (exchange: Exchange) => Promise<void>;

const ROUTES = new Map<string, Handler>([
  ['POST /v1/chat/completions', handleChatCompletions],
  ['POST /v1/responses', handleResponses],
  ['POST /v1/embeddings', handleEmbeddings],
  ['POST /v1/messages', handleMessages],
]);

/**
 * Entry point for every HTTP request: log it, pick the vendor dialect from the path (and
 * `anthropic-version` for the shared `/v1/models`), check the key, dispatch, and turn any
 * failure into a vendor-shaped error so that one bad request never stops the server.
 */
export function routeRequest(
  state: SimState,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const rawUrl = request.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  let path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const method = request.method ?? 'GET';
  const vendor: Vendor =
    path.startsWith('/v1/messages') ||
    (path.startsWith('/v1/models') && request.headers['anthropic-version'] !== undefined)
      ? 'anthropic'
      : 'openai';
  const sequence = state.sequence++;
  const requestId = simulatedId('req_', `${state.seed}:${sequence}`);
  const entry: MutableLogEntry = {
    sequence,
    timestamp: state.now(),
    method,
    path,
    model: null,
    stream: false,
    status: null,
    fault: null,
    attempt: 0,
    requestId,
    headers: copySafeHeaders(request.headers),
  };
  state.log?.push(entry);
  const exchange: Exchange = {
    state,
    request,
    response,
    vendor,
    entry,
    headers:
      vendor === 'anthropic'
        ? { 'request-id': requestId }
        : { 'x-request-id': requestId, 'openai-version': '2020-10-01' },
  };
  void dispatch(exchange, method, path);
}

async function dispatch(exchange: Exchange, method: string, path: string): Promise<void> {
  try {
    checkApiKey(exchange);
    const handler = ROUTES.get(`${method} ${path}`);
    if (handler) {
      await handler(exchange);
    } else if (method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'))) {
      handleListModels(
        exchange,
        path === '/v1/models' ? null : decodeURIComponent(path.slice('/v1/models/'.length)),
      );
    } else {
      throw new RequestError({ kind: 'not_found', message: `Invalid URL (${method} ${path}).` });
    }
  } catch (error) {
    const { response } = exchange;
    if (response.headersSent || response.destroyed) {
      response.destroy();
      return;
    }
    if (error instanceof RequestError) {
      // Drain the body so a keep-alive connection stays usable after an early error.
      exchange.request.resume();
      sendError({ exchange, error });
      return;
    }
    sendError({
      exchange,
      error: new RequestError({
        kind: 'server',
        message: `The simulator failed on this request: ${(error as Error).message ?? String(error)}`,
      }),
    });
  }
}

function checkApiKey(exchange: Exchange): void {
  const { headers } = exchange.request;
  const authorization = headers.authorization;
  const bearer =
    typeof authorization === 'string' && authorization.toLowerCase().startsWith('bearer ')
      ? authorization.slice(7).trim()
      : '';
  const headerKey = exchange.vendor === 'anthropic' ? headers['x-api-key'] : headers['api-key'];
  const key = (typeof headerKey === 'string' ? headerKey.trim() : '') || bearer;
  const allowed = exchange.state.apiKeys;
  if (key !== '' && (allowed === null || allowed.has(key))) return;
  const anthropic = exchange.vendor === 'anthropic';
  // The key itself is never echoed: error bodies end up in logs and spans.
  throw new RequestError({
    kind: 'authentication',
    message:
      key === ''
        ? anthropic
          ? 'x-api-key header is required'
          : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : anthropic
          ? 'invalid x-api-key'
          : 'Incorrect API key provided. The simulator accepts only the keys given in its apiKeys option.',
  });
}
