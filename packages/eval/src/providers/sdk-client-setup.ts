/**
 * What the `openai` and `anthropic` providers set up the same way: the target keys that reach the
 * server (base URL, extra headers, transport), the SDK's transport options, and the
 * instrumentation options. The SDK's `fetch` is `createNodeHttpFetch` (far less CPU per call than
 * Node's built-in fetch) unless the target says `transport: fetch`. The choice is the target's
 * alone: a proxy set up for the platform fetch (an undici global dispatcher, `NODE_USE_ENV_PROXY`)
 * needs `transport: fetch`. It is never guessed from the process, whose state depends on what ran
 * before (Node's undici installs a global dispatcher on the first `fetch()` of any library).
 */
import type { InstrumentOptions } from '@sextant/instrumentation';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { observingFetch } from './observing-fetch.js';
import type { ProviderRequest, ProviderSetup } from './provider.js';

export interface SdkTargetOptions {
  baseURL?: string;
  /** Environment variable holding the base URL (for URLs that differ between machines). */
  baseURLEnv?: string;
  headers?: Record<string, string>;
  /** `node-http` (default): the runner's own HTTP client; `fetch`: the platform's fetch. */
  transport?: 'node-http' | 'fetch';
}

/** JSON Schema properties of `SdkTargetOptions`, for each provider's `optionsSchema`. */
export const SDK_TARGET_OPTION_PROPERTIES = {
  baseURL: { type: 'string', format: 'uri' },
  baseURLEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  headers: { type: 'object', additionalProperties: { type: 'string' } },
  transport: { enum: ['node-http', 'fetch'] },
} as const;

export function resolveBaseUrl(
  options: SdkTargetOptions,
  environment: ProviderSetup['environment'],
): string | undefined {
  return (
    options.baseURL ??
    (options.baseURLEnv === undefined ? undefined : environment[options.baseURLEnv])
  );
}

/** Constructor options both SDKs take under the same names, and what closes their transport. */
export function sdkTransportOptions(options: {
  setup: ProviderSetup;
  baseURL: string | undefined;
  headers: Record<string, string> | undefined;
  transport: SdkTargetOptions['transport'];
}) {
  const { setup, baseURL, headers } = options;
  const transport = targetTransport({ setup, transport: options.transport });
  return {
    clientOptions: {
      ...(baseURL === undefined ? {} : { baseURL }),
      ...(headers === undefined ? {} : { defaultHeaders: headers }),
      maxRetries: setup.target.maxRetries ?? 2,
      timeout: setup.timeoutMs,
      fetch: observingFetch({ onResponse: setup.onResponse, fetch: transport.fetch }),
    },
    close: transport.close,
  };
}

/** The fetch a target's requests go through (see the module comment), and what closes it. */
export function targetTransport(options: {
  setup: ProviderSetup;
  transport: SdkTargetOptions['transport'];
}): { fetch: typeof fetch; close: () => void } {
  if (options.transport === 'fetch')
    return { fetch: (input, init) => globalThis.fetch(input, init), close: () => undefined };
  const transport = createNodeHttpFetch(poolSize(options.setup.concurrency));
  return { fetch: transport.fetch, close: () => transport.close() };
}

/**
 * Connections for a client with `concurrency` calls in flight. The runner's limiter already
 * bounds the calls, so the agent's cap only guards against runaway pools; a cap equal to the
 * concurrency would turn any socket held a little longer (a body ending, a socket being closed)
 * into a queued call that times out.
 */
function poolSize(concurrency: number | undefined): {
  maxSockets: number;
  maxFreeSockets?: number;
} {
  if (concurrency === undefined) return { maxSockets: Number.POSITIVE_INFINITY };
  return { maxSockets: concurrency * 2 + 2, maxFreeSockets: concurrency };
}

export function instrumentOptionsFor(setup: ProviderSetup): InstrumentOptions {
  return {
    prices: setup.prices,
    ...(setup.tracerProvider === undefined ? {} : { tracerProvider: setup.tracerProvider }),
    ...(setup.meterProvider === undefined ? {} : { meterProvider: setup.meterProvider }),
  };
}

/** An SDK call's request options: the signal, and the runner's call collector when it gave one. */
export function requestOptions(request: ProviderRequest): { signal: AbortSignal } {
  const options = { signal: request.signal };
  return request.collector === undefined ? options : request.collector.requestOptions(options);
}
