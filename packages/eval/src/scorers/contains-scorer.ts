import { expectedValue, NO_EXPECTED, valueOptionSchema } from './expected-value.js';
import { quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';
import type { ScorerType } from './scorer.js';

/** Shared by `contains` and `icontains`. */
export function createContainsScorer(type: string, ignoreCase: boolean): ScorerType {
  return defineScorer<{ value?: string }>({
    pure: true,
    type,
    optionsSchema: { properties: { value: valueOptionSchema } },
    create(options, setup) {
      const expected = expectedValue(options.value, setup);
      const fold = (text: string): string =>
        ignoreCase ? text.normalize('NFC').toLocaleLowerCase() : text.normalize('NFC');
      return {
        score(input) {
          const want = expected(input);
          if (want === null) return NO_EXPECTED;
          const passed = fold(input.output).includes(fold(want));
          return {
            score: passed ? 1 : 0,
            passed,
            reason: passed
              ? `output contains ${quote(want)}`
              : `output does not contain ${quote(want)}`,
          };
        },
      };
    },
  });
}

/** The output contains the expected text (case-sensitive). */
export const containsScorer = createContainsScorer('contains', false);
