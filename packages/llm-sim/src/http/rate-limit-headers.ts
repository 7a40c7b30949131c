import type { OutgoingHttpHeaders } from 'node:http';
import type { SimModel } from '../catalog/resolve-catalog.js';
import type { SimState } from '../sim-state.js';
import type { Vendor } from './exchange.js';

/**
 * Rate-limit headers as the vendors send them, from a per-model fixed one-minute window on the
 * injectable clock. They report; they never reject (429s come from the fault profile only).
 */
export function rateLimitHeaders(options: {
  state: SimState;
  model: SimModel;
  vendor: Vendor;
  tokens: number;
  exhausted: boolean;
}): OutgoingHttpHeaders {
  const { state, model, vendor, tokens } = options;
  const now = state.now();
  const minute = Math.floor(now / 60_000);
  let window = state.rateWindows.get(model.name);
  if (!window || window.minute !== minute) {
    window = { minute, requests: 0, tokens: 0 };
    state.rateWindows.set(model.name, window);
  }
  window.requests += 1;
  window.tokens += tokens;
  const resetMs = (minute + 1) * 60_000 - now;
  const remainingRequests = options.exhausted
    ? 0
    : Math.max(0, model.requestsPerMinute - window.requests);
  const remainingTokens = options.exhausted
    ? 0
    : Math.max(0, model.tokensPerMinute - window.tokens);
  if (vendor === 'anthropic') {
    const reset = new Date(now + resetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      'anthropic-ratelimit-requests-limit': String(model.requestsPerMinute),
      'anthropic-ratelimit-requests-remaining': String(remainingRequests),
      'anthropic-ratelimit-requests-reset': reset,
      'anthropic-ratelimit-tokens-limit': String(model.tokensPerMinute),
      'anthropic-ratelimit-tokens-remaining': String(remainingTokens),
      'anthropic-ratelimit-tokens-reset': reset,
      'anthropic-ratelimit-input-tokens-limit': String(model.tokensPerMinute),
      'anthropic-ratelimit-input-tokens-remaining': String(remainingTokens),
      'anthropic-ratelimit-input-tokens-reset': reset,
    };
  }
  const reset = formatResetDuration(resetMs);
  return {
    'x-ratelimit-limit-requests': String(model.requestsPerMinute),
    'x-ratelimit-limit-tokens': String(model.tokensPerMinute),
    'x-ratelimit-remaining-requests': String(remainingRequests),
    'x-ratelimit-remaining-tokens': String(remainingTokens),
    'x-ratelimit-reset-requests': reset,
    'x-ratelimit-reset-tokens': reset,
  };
}

/** OpenAI's duration format: `850ms`, `12s`, `1m3s`. */
export function formatResetDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  const seconds = Math.round(milliseconds / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}
