/**
 * What the `openai` and `anthropic` providers set up the same way: the target keys that reach the
 * server (base URL, extra headers), the SDK's transport options, and the instrumentation options.
 */
import type { InstrumentOptions } from '@sextant/instrumentation';
import { observingFetch } from './observing-fetch.js';
import type { ProviderSetup } from './provider.js';

export interface SdkTargetOptions {
  baseURL?: string;
  /** Environment variable holding the base URL (for URLs that differ between machines). */
  baseURLEnv?: string;
  headers?: Record<string, string>;
}

/** JSON Schema properties of `SdkTargetOptions`, for each provider's `optionsSchema`. */
export const SDK_TARGET_OPTION_PROPERTIES = {
  baseURL: { type: 'string', format: 'uri' },
  baseURLEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  headers: { type: 'object', additionalProperties: { type: 'string' } },
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

/** Constructor options both SDKs take under the same names. */
export function sdkTransportOptions(options: {
  setup: ProviderSetup;
  baseURL: string | undefined;
  headers: Record<string, string> | undefined;
}) {
  const { setup, baseURL, headers } = options;
  return {
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(headers === undefined ? {} : { defaultHeaders: headers }),
    maxRetries: setup.target.maxRetries ?? 2,
    timeout: setup.timeoutMs,
    fetch: observingFetch(setup.onResponse),
  };
}

export function instrumentOptionsFor(setup: ProviderSetup): InstrumentOptions {
  return {
    prices: setup.prices,
    ...(setup.tracerProvider === undefined ? {} : { tracerProvider: setup.tracerProvider }),
    ...(setup.meterProvider === undefined ? {} : { meterProvider: setup.meterProvider }),
  };
}
