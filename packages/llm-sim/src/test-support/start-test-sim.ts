import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach } from 'vitest';
import type { Catalog, CatalogModel } from '../catalog/catalog.js';
import { startLlmSim, type LlmSim, type LlmSimOptions } from '../start-llm-sim.js';

/** A simulator on its own port with official clients pointed at it; closed after each test. */
export interface TestSim {
  sim: LlmSim;
  openai: OpenAI;
  anthropic: Anthropic;
  /** HTTP calls the clients made, counted by the `fetch` they were given. */
  fetchCalls: () => number;
}

const running: LlmSim[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

export async function startTestSim(
  options: LlmSimOptions & { maxRetries?: number; timeoutMs?: number } = {},
): Promise<TestSim> {
  const { maxRetries = 0, timeoutMs = 10_000, ...simOptions } = options;
  const sim = await startLlmSim({ latencyScale: 0, ...simOptions });
  running.push(sim);
  let calls = 0;
  const countingFetch: typeof fetch = (input, init) => {
    calls++;
    return fetch(input, init);
  };
  return {
    sim,
    openai: new OpenAI({
      baseURL: `${sim.url}/v1`,
      apiKey: 'sk-test-key',
      maxRetries,
      timeout: timeoutMs,
      fetch: countingFetch,
    }),
    anthropic: new Anthropic({
      baseURL: sim.url,
      apiKey: 'sk-ant-test-key',
      maxRetries,
      timeout: timeoutMs,
      fetch: countingFetch,
    }),
    fetchCalls: () => calls,
  };
}

/** A minimal catalog with one model of each provider kind; `overrides` patch the chat model. */
export function smallCatalog(overrides: Partial<CatalogModel> = {}): Catalog {
  return {
    models: [
      { name: 'test-chat', accuracy: 1, outputTokens: { median: 30, p95: 30 }, ...overrides },
      { name: 'test-embed', kind: 'embedding', provider: 'openai', embeddingDimensions: 8 },
    ],
    rules: [{ name: 'echo', match: '^say exactly: ([\\s\\S]+)$', answer: '{{1}}' }],
  };
}
