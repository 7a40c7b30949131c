import { distance } from 'fastest-levenshtein';
import { expectedValue, NO_EXPECTED, valueOptionSchema } from './expected-value.js';
import { normalizeOptionsSchema, normalizeText } from './normalize-text.js';
import type { NormalizeOptions } from './normalize-text.js';
import { defineScorer } from './scorer.js';

/**
 * 1 − Levenshtein distance ÷ the longer length, over Unicode code points; passes at `threshold`
 * (default 0.8). Two empty strings are identical.
 */
export const similarityScorer = defineScorer<
  NormalizeOptions & { value?: string; threshold?: number }
>({
  pure: true,
  type: 'similarity',
  optionsSchema: {
    properties: {
      value: valueOptionSchema,
      threshold: { type: 'number', minimum: 0, maximum: 1 },
      ...normalizeOptionsSchema,
    },
  },
  create(options, setup) {
    const expected = expectedValue(options.value, setup);
    const threshold = options.threshold ?? 0.8;
    return {
      score(input) {
        const want = expected(input);
        if (want === null) return NO_EXPECTED;
        const left = normalizeText(input.output, options);
        const right = normalizeText(want, options);
        const longest = Math.max([...left].length, [...right].length);
        const score = longest === 0 ? 1 : 1 - distance(left, right) / longest;
        const passed = score >= threshold;
        return {
          score,
          passed,
          reason: `similarity ${score.toFixed(3)} ${passed ? '≥' : '<'} ${threshold}`,
        };
      },
    };
  },
});
