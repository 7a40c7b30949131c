import { expectedValue, NO_EXPECTED, valueOptionSchema } from './expected-value.js';
import { normalizeText, quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';

/** The output (leading whitespace trimmed unless `trim: false`) starts with the expected text. */
export const startsWithScorer = defineScorer<{
  value?: string;
  ignoreCase?: boolean;
  trim?: boolean;
}>({
  pure: true,
  type: 'starts-with',
  optionsSchema: {
    properties: {
      value: valueOptionSchema,
      ignoreCase: { type: 'boolean' },
      trim: { type: 'boolean' },
    },
  },
  create(options, setup) {
    const expected = expectedValue(options.value, setup);
    const normalize = { ignoreCase: options.ignoreCase === true, trim: options.trim !== false };
    return {
      score(input) {
        const want = expected(input);
        if (want === null) return NO_EXPECTED;
        const passed = normalizeText(input.output, normalize).startsWith(
          normalizeText(want, normalize),
        );
        return {
          score: passed ? 1 : 0,
          passed,
          reason: passed
            ? `output starts with ${quote(want)}`
            : `output starts with ${quote(input.output, 30)}, not ${quote(want)}`,
        };
      },
    };
  },
});
