/**
 * Cost of one call in USD, split into non-overlapping parts (uncached input, cache read, cache
 * write, output) that sum to the total. Prices come from a user override first, then from
 * `@pydantic/genai-prices`. A model without a price is `{ known: false }`, never $0.
 * Never throws: a failing lookup is reported as unknown.
 */
import type { CallCost, TokenUsage } from '@sextant/spec';
import { createRequire } from 'node:module';
import type { calcPrice as CalcPrice } from '@pydantic/genai-prices';
import type { ModelPrice, PriceOverrides } from './instrument-options.js';

export interface ComputeCostOptions {
  /** `gen_ai.provider.name` value, e.g. `openai`, `anthropic`, `azure.ai.openai`. */
  provider: string;
  model: string;
  usage: TokenUsage;
  prices?: PriceOverrides | undefined;
}

type PriceValue = number | { base: number; tiers: { start: number; price: number }[] } | undefined;

/** USD per million tokens for one model; an absent cache rate falls back to the input rate. */
export interface ModelRates {
  input: PriceValue;
  output: PriceValue;
  cacheRead: PriceValue;
  cacheWrite: PriceValue;
}

// Semconv provider names → genai-prices provider ids.
const CATALOG_PROVIDER_IDS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'azure.ai.openai': 'azure',
  'aws.bedrock': 'aws',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  groq: 'groq',
  mistral_ai: 'mistral',
  deepseek: 'deepseek',
  x_ai: 'x-ai',
};

// The catalog (≈ 80 ms to load, ≈ 4 MB of heap) loads with the first price looked up in it, or
// when a client is instrumented (`preloadPriceCatalog`, off the call path), not with this module:
// an eval run whose targets carry their own prices never needs it, and V8 sizes a process's old
// space from its live heap.
const require = createRequire(import.meta.url);
let calcPrice: typeof CalcPrice | undefined;

function priceCatalog(): typeof CalcPrice {
  return (calcPrice ??= (require('@pydantic/genai-prices') as { calcPrice: typeof CalcPrice })
    .calcPrice);
}

/** Loads the catalog soon, outside any call, unless it is loaded already. Never throws. */
export function preloadPriceCatalog(): void {
  if (calcPrice !== undefined) return;
  setTimeout(() => {
    try {
      priceCatalog();
    } catch {
      // A catalog that cannot load makes every catalog price unknown, as a failed lookup does.
    }
  }, 0).unref();
}

// calcPrice matches models by walking the catalog (tens of microseconds), so the per-model
// price is looked up once and the arithmetic done here.
export const MAX_CACHED_MODELS = 2000;
const catalogCache = new Map<string, ModelRates | null>();

export function lookUpCatalog(provider: string, model: string): ModelRates | null {
  const key = `${provider}\u0000${model}`;
  const cached = catalogCache.get(key);
  if (cached !== undefined) return cached;
  let found: ModelRates | null = null;
  try {
    const providerId = CATALOG_PROVIDER_IDS[provider] ?? provider;
    const result = priceCatalog()({ input_tokens: 1, output_tokens: 1 }, model, { providerId });
    if (result) {
      const price = result.model_price as Record<string, PriceValue>;
      found = {
        input: price['input_mtok'],
        output: price['output_mtok'],
        cacheRead: price['cache_read_mtok'],
        cacheWrite: price['cache_write_mtok'],
      };
    }
  } catch {
    found = null;
  }
  if (catalogCache.size >= MAX_CACHED_MODELS) catalogCache.clear();
  catalogCache.set(key, found);
  return found;
}

/** genai-prices applies the tier reached by the call's total input tokens to all its tokens. */
function ratePerMillion(price: PriceValue, inputTokens: number): number | undefined {
  if (price === undefined || typeof price === 'number') return price;
  let rate = price.base;
  for (const tier of price.tiers) if (inputTokens > tier.start) rate = tier.price;
  return rate;
}

function split(
  usage: TokenUsage,
  rates: { input: number; output: number; cacheRead: number; cacheWrite: number },
): CallCost {
  const uncached = Math.max(
    0,
    usage.inputTokens - usage.cacheReadInputTokens - usage.cacheCreationInputTokens,
  );
  const inputUsd = (uncached * rates.input) / 1e6;
  const cacheReadUsd = (usage.cacheReadInputTokens * rates.cacheRead) / 1e6;
  const cacheWriteUsd = (usage.cacheCreationInputTokens * rates.cacheWrite) / 1e6;
  const outputUsd = (usage.outputTokens * rates.output) / 1e6;
  const totalUsd = inputUsd + cacheReadUsd + cacheWriteUsd + outputUsd;
  if (!Number.isFinite(totalUsd)) return { known: false };
  return { known: true, totalUsd, inputUsd, cacheReadUsd, cacheWriteUsd, outputUsd };
}

export function overrideRates(price: ModelPrice): ModelRates {
  return {
    input: price.inputPerMillion,
    output: price.outputPerMillion,
    cacheRead: price.cacheReadPerMillion,
    cacheWrite: price.cacheWritePerMillion,
  };
}

/** The cost of `usage` at `rates`; unknown when a rate the usage needs is missing. */
export function costFromRates(rates: ModelRates, usage: TokenUsage): CallCost {
  const input = ratePerMillion(rates.input, usage.inputTokens);
  // A model priced only for input (embeddings) has no output rate; any output would be unknown.
  if (input === undefined || (rates.output === undefined && usage.outputTokens > 0)) {
    return { known: false };
  }
  return split(usage, {
    input,
    output: ratePerMillion(rates.output, usage.inputTokens) ?? 0,
    cacheRead: ratePerMillion(rates.cacheRead, usage.inputTokens) ?? input,
    cacheWrite: ratePerMillion(rates.cacheWrite, usage.inputTokens) ?? input,
  });
}

export function computeCost(options: ComputeCostOptions): CallCost {
  const { provider, model, usage, prices } = options;
  const override = prices?.[model];
  const rates = override !== undefined ? overrideRates(override) : lookUpCatalog(provider, model);
  return rates === null ? { known: false } : costFromRates(rates, usage);
}
