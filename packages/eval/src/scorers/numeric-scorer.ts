import { expectedValue, NO_EXPECTED } from './expected-value.js';
import { quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';

interface NumericOptions {
  value?: number | string;
  /** Largest allowed absolute difference (default 0). */
  tolerance?: number;
  /** Largest allowed difference relative to the expected value (0.01 = 1%). */
  relativeTolerance?: number;
}

const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** The first number in the output; thousands separators are accepted. */
export function readNumber(text: string): number | null {
  for (const match of text.matchAll(NUMBER)) {
    if (!/\d/.test(match[0])) continue;
    const value = Number(match[0].replace(/,/g, ''));
    if (Number.isFinite(value)) return value;
  }
  return null;
}

/** The output's number is within a tolerance of the expected number. */
export const numericScorer = defineScorer<NumericOptions>({
  pure: true,
  type: 'numeric',
  optionsSchema: {
    properties: {
      value: { type: ['number', 'string'] },
      tolerance: { type: 'number', minimum: 0 },
      relativeTolerance: { type: 'number', minimum: 0 },
    },
  },
  create(options, setup) {
    const expected = expectedValue(options.value, setup);
    return {
      score(input) {
        const wantText = expected(input);
        if (wantText === null) return NO_EXPECTED;
        const want = readNumber(wantText);
        if (want === null)
          return {
            score: 0,
            passed: false,
            reason: `expected value ${quote(wantText)} is not a number`,
          };
        const got = readNumber(input.output);
        if (got === null)
          return {
            score: 0,
            passed: false,
            reason: `output ${quote(input.output, 40)} has no number`,
          };
        const allowed = Math.max(
          options.tolerance ?? 0,
          (options.relativeTolerance ?? 0) * Math.abs(want),
        );
        const difference = Math.abs(got - want);
        const passed = difference <= allowed;
        return {
          score: passed ? 1 : 0,
          passed,
          reason: `${got} vs expected ${want} (difference ${difference}, allowed ${allowed})`,
        };
      },
    };
  },
});
