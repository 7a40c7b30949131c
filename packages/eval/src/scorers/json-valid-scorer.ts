import { extractOptionSchema, parseJsonOutput } from './json-output.js';
import { defineScorer } from './scorer.js';

/** The output is valid JSON (inside a code fence too when `extract: true`). */
export const jsonValidScorer = defineScorer<{ extract?: boolean }>({
  pure: true,
  type: 'json-valid',
  optionsSchema: { properties: { extract: extractOptionSchema } },
  create(options) {
    return {
      score(input) {
        const parsed = parseJsonOutput(input.output, options);
        return parsed.ok
          ? { score: 1, passed: true, reason: 'output is valid JSON' }
          : { score: 0, passed: false, reason: parsed.reason };
      },
    };
  },
});
