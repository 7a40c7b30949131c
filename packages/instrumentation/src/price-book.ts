/**
 * Which rates price a call, resolved once per (provider, requested model, responded model) for
 * one set of settings and then reused, so a call's cost is a few map lookups and some
 * arithmetic. The responded model (more specific) is tried before the requested one; the
 * user's overrides before the catalog. Never throws: a failing lookup prices as unknown.
 */
import type { CallCost, TokenUsage } from '@sextant/spec';
import type { ModelRates } from './compute-cost.js';
import { MAX_CACHED_MODELS, costFromRates, lookUpCatalog, overrideRates } from './compute-cost.js';
import type { PriceOverrides } from './instrument-options.js';

export class PriceBook {
  // provider → requested model → responded model ('' when none) → rates, or null when unpriced.
  private readonly resolved = new Map<string, Map<string, Map<string, ModelRates | null>>>();
  private size = 0;

  constructor(private readonly overrides: PriceOverrides | undefined) {}

  cost(
    provider: string,
    requestModel: string,
    responseModel: string | null,
    usage: TokenUsage,
  ): CallCost {
    const rates = this.rates(provider, requestModel, responseModel ?? '');
    return rates === null ? { known: false } : costFromRates(rates, usage);
  }

  private rates(provider: string, requestModel: string, responseModel: string): ModelRates | null {
    const cached = this.resolved.get(provider)?.get(requestModel)?.get(responseModel);
    if (cached !== undefined) return cached;
    const rates = this.resolve(provider, requestModel, responseModel);
    if (this.size >= MAX_CACHED_MODELS) {
      this.resolved.clear();
      this.size = 0;
    }
    let byRequest = this.resolved.get(provider);
    if (byRequest === undefined) this.resolved.set(provider, (byRequest = new Map()));
    let byResponse = byRequest.get(requestModel);
    if (byResponse === undefined) byRequest.set(requestModel, (byResponse = new Map()));
    byResponse.set(responseModel, rates);
    this.size += 1;
    return rates;
  }

  private resolve(
    provider: string,
    requestModel: string,
    responseModel: string,
  ): ModelRates | null {
    const names =
      responseModel !== '' && responseModel !== requestModel
        ? [responseModel, requestModel]
        : [requestModel];
    for (const model of names) {
      const override = this.overrides?.[model];
      if (override !== undefined) return overrideRates(override);
    }
    for (const model of names) {
      const rates = lookUpCatalog(provider, model);
      if (rates !== null) return rates;
    }
    return null;
  }
}
