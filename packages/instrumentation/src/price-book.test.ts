import type { TokenUsage } from '@sextant/spec';
import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.js';
import { PriceBook } from './price-book.js';

const usage: TokenUsage = {
  inputTokens: 1200,
  outputTokens: 300,
  cacheReadInputTokens: 200,
  cacheCreationInputTokens: 0,
  reasoningOutputTokens: 0,
};

describe('PriceBook', () => {
  it('prices by the responded model first, then by the requested one', () => {
    const book = new PriceBook(undefined);
    const responded = book.cost('openai', 'gpt-4o', 'gpt-4o-mini-2024-07-18', usage);
    expect(responded).toEqual(
      computeCost({ provider: 'openai', model: 'gpt-4o-mini-2024-07-18', usage }),
    );
    expect(responded).not.toEqual(computeCost({ provider: 'openai', model: 'gpt-4o', usage }));
    const fallback = book.cost('openai', 'gpt-4o-mini', 'no-such-model-2099', usage);
    expect(fallback).toEqual(computeCost({ provider: 'openai', model: 'gpt-4o-mini', usage }));
    expect(fallback.known).toBe(true);
  });

  it('lets an override for either name win over the catalog', () => {
    const prices = { 'gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 2 } };
    const book = new PriceBook(prices);
    const cost = book.cost('openai', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', usage);
    expect(cost).toEqual({
      known: true,
      inputUsd: 1000 / 1e6,
      cacheReadUsd: 200 / 1e6,
      cacheWriteUsd: 0,
      outputUsd: 600 / 1e6,
      totalUsd: 1800 / 1e6,
    });
  });

  it('reports an unpriced model as unknown, every time, and keeps the answers apart', () => {
    const book = new PriceBook(undefined);
    for (let round = 0; round < 3; round += 1) {
      expect(book.cost('openai', 'no-such-model-2099', null, usage)).toEqual({ known: false });
      expect(book.cost('openai', 'gpt-4o-mini', null, usage).known).toBe(true);
    }
  });
});
