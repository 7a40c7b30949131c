// Child process of runner.bench.mjs: serves the built simulator with fixed-latency models and
// prints its URL as the first stdout line. Runs until killed.
import { startLlmSim } from '@sextant/llm-sim';

const fixed = (milliseconds) => ({ median: milliseconds, p95: milliseconds });
// Simulated models (llm-sim, not real models): the whole answer after a fixed delay.
const catalog = {
  extendsDefault: true,
  models: [100, 20].map((latency) => ({
    name: `bench-${latency}ms`,
    accuracy: 1,
    latency: { ttftMs: fixed(latency), interTokenMs: fixed(0) },
    outputTokens: fixed(20),
  })),
};

const sim = await startLlmSim({ catalog, seed: 1, requestLog: false });
console.log(sim.url);
