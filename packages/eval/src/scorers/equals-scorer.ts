import { expectedValue, NO_EXPECTED, valueOptionSchema } from './expected-value.js';
import { normalizeOptionsSchema, normalizeText, quote } from './normalize-text.js';
import type { NormalizeOptions } from './normalize-text.js';
import { defineScorer } from './scorer.js';

/** The output equals the expected value after the chosen normalisation. */
export const equalsScorer = defineScorer<NormalizeOptions & { value?: string }>({
  pure: true,
  type: 'equals',
  optionsSchema: { properties: { value: valueOptionSchema, ...normalizeOptionsSchema } },
  create(options, setup) {
    const expected = expectedValue(options.value, setup);
    return {
      score(input) {
        const want = expected(input);
        if (want === null) return NO_EXPECTED;
        const passed = normalizeText(input.output, options) === normalizeText(want, options);
        return {
          score: passed ? 1 : 0,
          passed,
          reason: passed
            ? 'output equals the expected value'
            : `expected ${quote(want)}, got ${quote(input.output)}`,
        };
      },
    };
  },
});
