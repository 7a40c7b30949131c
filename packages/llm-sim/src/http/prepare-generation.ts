import type { SimModel } from '../catalog/resolve-catalog.js';
import { chooseFault, parseFaultPlan, type FaultKind } from '../faults/choose-fault.js';
import { hashString } from '../random/hash-string.js';
import { createSeededRandom, type RandomSource } from '../random/seeded-random.js';
import { stableStringify } from '../random/stable-stringify.js';
import { sendError, type Exchange } from './exchange.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { invalidField, RequestError } from './request-error.js';

/**
 * The steps every generating route shares once its body is valid: find the model (a name may
 * carry a forced-fault suffix `?fault=rate_limit,none&retryAfter=0`), compute the determinism
 * key, count the attempt, draw the fault and answer the error faults. It returns null when the
 * exchange was answered (or dropped) here.
 *
 * Determinism: key = hash(seed, canonical body without `stream`/`stream_options`, fault plan);
 * attempt = how many requests with that key came before. Every draw (fault, answer, latency)
 * is seeded by (seed, key, attempt, purpose), so the n-th identical request always gets the same
 * outcome, and a retry (attempt + 1) gets a fresh, equally reproducible draw.
 */
export interface Generation {
  model: SimModel;
  /** The name in the response: the catalog's `responseModel` or the requested name without suffix. */
  responseModel: string;
  key: number;
  attempt: number;
  fault: FaultKind | null;
  random: (purpose: string) => RandomSource;
  /** Short, stable id material for response ids. */
  idSeed: string;
}

const NOT_HASHED = new Set(['stream', 'stream_options']);

export function prepareGeneration(options: {
  exchange: Exchange;
  body: Record<string, unknown>;
  kind: 'chat' | 'embedding';
  /** Estimated tokens of the request, for the rate-limit headers. */
  tokens: number;
}): Generation | null {
  const { exchange, body, kind } = options;
  const { state } = exchange;
  const model = findModel({ exchange, body, kind });
  const { base, plan, retryAfterSeconds } = model;
  const key = hashString(stableStringify(body, NOT_HASHED) + '\u0000' + (plan ?? ''), state.seed);
  const attempt = state.occurrences.get(key) ?? 0;
  state.occurrences.set(key, attempt + 1);
  exchange.entry.attempt = attempt;
  const random = (purpose: string): RandomSource =>
    createSeededRandom([state.seed, key, attempt, purpose]);
  const parsedPlan = plan === null ? null : parseFaultPlan(plan);
  if (typeof parsedPlan === 'string')
    throw new RequestError({ kind: 'invalid_request', message: parsedPlan });
  const fault =
    parsedPlan === null && !state.catalogFaults
      ? null
      : chooseFault({ plan: parsedPlan, rates: base.faultRates, attempt, random: random('fault') });
  exchange.entry.fault = fault;
  Object.assign(
    exchange.headers,
    rateLimitHeaders({
      state,
      model: base,
      vendor: exchange.vendor,
      tokens: options.tokens,
      exhausted: fault === 'rate_limit',
    }),
  );
  if (applyErrorFault({ exchange, fault, model: base, retryAfterSeconds })) return null;
  return {
    model: base,
    responseModel: base.responseModel ?? model.requestedName,
    key,
    attempt,
    fault,
    random,
    idSeed: `${key.toString(36)}${attempt.toString(36)}`,
  };
}

function findModel(options: {
  exchange: Exchange;
  body: Record<string, unknown>;
  kind: 'chat' | 'embedding';
}) {
  const { exchange, body, kind } = options;
  const name = body.model;
  if (name === undefined || name === null || name === '') {
    throw invalidField(
      'model',
      'you must provide a model parameter (a model name from the simulator catalog).',
    );
  }
  if (typeof name !== 'string')
    throw invalidField('model', `must be a string, got ${JSON.stringify(name)}.`);
  const questionMark = name.indexOf('?');
  const requestedName = questionMark < 0 ? name : name.slice(0, questionMark);
  const suffix = questionMark < 0 ? null : new URLSearchParams(name.slice(questionMark + 1));
  const header = exchange.request.headers['x-sim-fault'];
  const plan = (typeof header === 'string' ? header : null) ?? suffix?.get('fault') ?? null;
  const retryHeader = exchange.request.headers['x-sim-retry-after'];
  const retryText =
    (typeof retryHeader === 'string' ? retryHeader : null) ?? suffix?.get('retryAfter') ?? null;
  const base = exchange.state.catalog.byName.get(requestedName);
  if (!base || (base.provider !== 'any' && base.provider !== exchange.vendor)) {
    throw new RequestError({
      kind: 'not_found',
      param: 'model',
      code: 'model_not_found',
      message:
        exchange.vendor === 'anthropic'
          ? `model: ${requestedName}`
          : `The model \`${requestedName}\` does not exist or you do not have access to it.`,
    });
  }
  if (base.kind !== kind) {
    throw invalidField(
      'model',
      `\`${requestedName}\` is ${base.kind === 'embedding' ? 'an embedding' : 'a chat'} model; use ${base.kind === 'embedding' ? '/v1/embeddings' : 'a chat route'} for it.`,
    );
  }
  const retryAfterSeconds = retryText === null ? base.retryAfterSeconds : Number(retryText);
  if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0) {
    throw invalidField(
      'x-sim-retry-after',
      `must be a number of seconds >= 0, got "${retryText}".`,
    );
  }
  return { base, requestedName, plan, retryAfterSeconds };
}

function applyErrorFault(options: {
  exchange: Exchange;
  fault: FaultKind | null;
  model: SimModel;
  retryAfterSeconds: number;
}): boolean {
  const { exchange, fault, model, retryAfterSeconds } = options;
  const { state } = exchange;
  switch (fault) {
    case 'rate_limit':
      sendError({
        exchange,
        headers: {
          'retry-after': String(Math.ceil(retryAfterSeconds)),
          'retry-after-ms': String(Math.round(retryAfterSeconds * 1000)),
        },
        error: new RequestError({
          kind: 'rate_limit',
          message: `Rate limit reached for ${model.name} (simulated fault). Please try again in ${retryAfterSeconds}s.`,
        }),
      });
      return true;
    case 'server_error':
      sendError({
        exchange,
        error: new RequestError({
          kind: 'server',
          message: 'The server had an error while processing your request (simulated fault).',
        }),
      });
      return true;
    case 'overloaded':
      sendError({
        exchange,
        error: new RequestError({ kind: 'overloaded', message: 'Overloaded (simulated fault).' }),
      });
      return true;
    case 'connection_reset':
      exchange.request.socket.destroy();
      return true;
    case 'hang': {
      const socket = exchange.request.socket;
      state.openSockets.add(socket);
      socket.once('close', () => state.openSockets.delete(socket));
      if (model.hangMs !== null) setTimeout(() => socket.destroy(), model.hangMs).unref();
      return true;
    }
    default:
      return false;
  }
}
