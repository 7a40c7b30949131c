import type { SimModel } from '../catalog/resolve-catalog.js';
import { hashString } from '../random/hash-string.js';
import type { SimState } from '../sim-state.js';

/**
 * OpenAI-style automatic prompt caching: when the model has `promptCache`, a prefix of at least
 * `minTokens` tokens that this simulator has seen before for the same model is reported as
 * cached, rounded down to a multiple of 128 (as OpenAI does). The first sighting stores it.
 */
export function simulateOpenAiPromptCache(options: {
  state: SimState;
  model: SimModel;
  prefixTokens: number;
  prefixText: () => string;
}): number {
  const { state, model, prefixTokens } = options;
  const minimum = model.promptCacheMinTokens;
  if (minimum === null || prefixTokens < minimum || prefixTokens === 0) return 0;
  const key = hashString(options.prefixText(), hashString(model.name));
  if (!state.cachedPrefixes.has(key)) {
    state.cachedPrefixes.add(key);
    return 0;
  }
  return Math.floor(prefixTokens / 128) * 128;
}

/**
 * Anthropic-style explicit caching: the prompt up to the last `cache_control` block is written
 * to the cache on first sight (`cache_creation_input_tokens`) and read afterwards
 * (`cache_read_input_tokens`). Prefixes below the model's `promptCache.minTokens` (default 0)
 * are not cached, as on the real API.
 */
export function simulateAnthropicPromptCache(options: {
  state: SimState;
  model: SimModel;
  prefixTokens: number;
  prefixText: string | null;
}): { read: number; creation: number } {
  const { state, model, prefixTokens, prefixText } = options;
  if (
    prefixText === null ||
    prefixTokens === 0 ||
    prefixTokens < (model.promptCacheMinTokens ?? 0)
  ) {
    return { read: 0, creation: 0 };
  }
  const key = hashString(prefixText, hashString(`anthropic:${model.name}`));
  if (state.cachedPrefixes.has(key)) return { read: prefixTokens, creation: 0 };
  state.cachedPrefixes.add(key);
  return { read: 0, creation: prefixTokens };
}
