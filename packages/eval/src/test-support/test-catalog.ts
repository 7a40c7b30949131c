/**
 * Simulated models for the runner tests (llm-sim, never real models): fixed latency so runs
 * take a known time, accuracy 1 and 0 so pass counts are known in advance, and a rate-limit
 * storm. The default catalog's support-triage rule answers them.
 */
import type { Catalog } from '@sextant/llm-sim';

const fixed = (milliseconds: number) => ({ median: milliseconds, p95: milliseconds });

export const testCatalog: Catalog = {
  extendsDefault: true,
  models: [
    { name: 'sim-perfect', accuracy: 1, latency: { ttftMs: fixed(15), interTokenMs: fixed(0) } },
    { name: 'sim-wrong', accuracy: 0, latency: { ttftMs: fixed(15), interTokenMs: fixed(0) } },
    { name: 'sim-slow', accuracy: 1, latency: { ttftMs: fixed(60), interTokenMs: fixed(0) } },
    {
      name: 'sim-storm',
      accuracy: 1,
      latency: { ttftMs: fixed(5), interTokenMs: fixed(0) },
      faults: { rateLimit: 0.6, retryAfterSeconds: 0.05 },
    },
  ],
};

/** USD per million tokens, as a suite would set them (simulated models have no public price). */
export const testPrice = { inputPerMillion: 100, outputPerMillion: 400 };
