import { defineScorer } from './scorer.js';

/** The target call cost at most `maxUsd`; an unknown price fails, because it cannot be shown to meet the limit. */
export const costScorer = defineScorer<{ maxUsd: number }>({
  pure: true,
  type: 'cost',
  optionsSchema: { required: ['maxUsd'], properties: { maxUsd: { type: 'number', minimum: 0 } } },
  create(options) {
    return {
      score(input) {
        if (input.costUsd === null)
          return { score: 0, passed: false, reason: 'price unknown: set `price` on the target' };
        const passed = input.costUsd <= options.maxUsd;
        return {
          score: passed ? 1 : 0,
          passed,
          reason: `$${input.costUsd.toPrecision(3)} (limit $${options.maxUsd})`,
        };
      },
    };
  },
});
