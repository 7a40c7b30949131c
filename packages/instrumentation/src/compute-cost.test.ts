import { calcPrice } from '@pydantic/genai-prices';
import type { TokenUsage } from '@sextant/spec';
import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.js';

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheCreationInputTokens: 0,
    reasoningOutputTokens: 0,
    ...partial,
  };
}

describe('computeCost', () => {
  it.each([
    [
      'openai',
      'openai',
      'gpt-4o-mini',
      usage({ inputTokens: 1200, cacheReadInputTokens: 200, outputTokens: 300 }),
    ],
    [
      'anthropic',
      'anthropic',
      'claude-sonnet-4-20250514',
      usage({
        inputTokens: 5000,
        cacheReadInputTokens: 1000,
        cacheCreationInputTokens: 2000,
        outputTokens: 250,
      }),
    ],
    ['gcp.gemini', 'google', 'gemini-1.5-pro', usage({ inputTokens: 300_000, outputTokens: 10 })],
  ])('agrees with genai-prices for %s %s', (provider, providerId, model, tokens) => {
    const expected = calcPrice(
      {
        input_tokens: tokens.inputTokens,
        cache_read_tokens: tokens.cacheReadInputTokens,
        cache_write_tokens: tokens.cacheCreationInputTokens,
        output_tokens: tokens.outputTokens,
      },
      model,
      { providerId },
    );
    const cost = computeCost({ provider, model, usage: tokens });
    expect(expected).not.toBeNull();
    if (!cost.known || expected === null) throw new Error('price should be known');
    expect(cost.totalUsd).toBeCloseTo(expected.total_price, 12);
    expect(cost.inputUsd + cost.cacheReadUsd + cost.cacheWriteUsd).toBeCloseTo(
      expected.input_price,
      12,
    );
    expect(cost.outputUsd).toBeCloseTo(expected.output_price, 12);
  });

  it('splits a bill into non-overlapping parts from the override rates', () => {
    const cost = computeCost({
      provider: 'openai',
      model: 'in-house-model',
      usage: usage({
        inputTokens: 1_000_000,
        cacheReadInputTokens: 400_000,
        cacheCreationInputTokens: 100_000,
        outputTokens: 500_000,
      }),
      prices: {
        'in-house-model': {
          inputPerMillion: 2,
          outputPerMillion: 8,
          cacheReadPerMillion: 0.5,
          cacheWritePerMillion: 3,
        },
      },
    });
    expect(cost).toEqual({
      known: true,
      inputUsd: 1,
      cacheReadUsd: 0.2,
      cacheWriteUsd: 0.3,
      outputUsd: 4,
      totalUsd: 5.5,
    });
  });

  it('lets an override win over the catalog', () => {
    const cost = computeCost({
      provider: 'openai',
      model: 'gpt-4o-mini',
      usage: usage({ inputTokens: 1_000_000 }),
      prices: { 'gpt-4o-mini': { inputPerMillion: 7, outputPerMillion: 7 } },
    });
    expect(cost.known && cost.totalUsd).toBe(7);
  });

  it('reports an unknown model as unknown, never as $0', () => {
    expect(
      computeCost({
        provider: 'openai',
        model: 'sim-model-without-price',
        usage: usage({ inputTokens: 10 }),
      }),
    ).toEqual({ known: false });
  });

  it('never charges negative uncached input when a provider reports more cached than total', () => {
    const cost = computeCost({
      provider: 'openai',
      model: 'gpt-4o',
      usage: usage({ inputTokens: 10, cacheReadInputTokens: 20 }),
    });
    expect(cost.known && cost.inputUsd).toBe(0);
    expect(cost.known && cost.cacheReadUsd).toBeGreaterThan(0);
  });
});
