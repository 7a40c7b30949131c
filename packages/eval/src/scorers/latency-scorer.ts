import { defineScorer } from './scorer.js';

/** The call took at most `maxMs` milliseconds (cached answers report the original call's latency). */
export const latencyScorer = defineScorer<{ maxMs: number }>({
  pure: true,
  type: 'latency',
  optionsSchema: {
    required: ['maxMs'],
    properties: { maxMs: { type: 'number', exclusiveMinimum: 0 } },
  },
  create(options) {
    return {
      score(input) {
        const passed = input.latencyMs <= options.maxMs;
        return {
          score: passed ? 1 : 0,
          passed,
          reason: `${Math.round(input.latencyMs)} ms (limit ${options.maxMs} ms)`,
        };
      },
    };
  },
});
