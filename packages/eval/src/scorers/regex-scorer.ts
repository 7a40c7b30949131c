import { quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';

interface RegexOptions {
  pattern: string;
  flags?: string;
}

/** The output matches a regular expression, compiled once per run (patterns take no templates). */
export const regexScorer = defineScorer<RegexOptions>({
  pure: true,
  type: 'regex',
  optionsSchema: {
    required: ['pattern'],
    properties: {
      pattern: { type: 'string', minLength: 1 },
      flags: { type: 'string', pattern: '^[imsuv]*$' },
    },
  },
  check(options) {
    try {
      new RegExp(options.pattern, options.flags ?? '');
      return [];
    } catch (error) {
      return [
        {
          field: 'pattern',
          message: `is not a valid regular expression: ${(error as Error).message}`,
        },
      ];
    }
  },
  create(options) {
    // No `g` or `y` flag is allowed, so `test` keeps no state between cases.
    const expression = new RegExp(options.pattern, options.flags ?? '');
    return {
      score(input) {
        const passed = expression.test(input.output);
        return {
          score: passed ? 1 : 0,
          passed,
          reason: passed
            ? `output matches /${options.pattern}/`
            : `output ${quote(input.output, 40)} does not match /${options.pattern}/`,
        };
      },
    };
  },
});
