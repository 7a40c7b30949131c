import { quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';
import type { ScorerType } from './scorer.js';

interface ContainsSetOptions {
  values: string[];
  ignoreCase?: boolean;
}

const optionsSchema = {
  required: ['values'],
  properties: {
    values: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    ignoreCase: { type: 'boolean' },
  },
};

/** Shared by `contains-any` and `contains-all`. */
export function createContainsSetScorer(type: string, mode: 'any' | 'all'): ScorerType {
  return defineScorer<ContainsSetOptions>({
    pure: true,
    type,
    optionsSchema,
    create(options, setup) {
      const fold = (text: string): string =>
        options.ignoreCase === true
          ? text.normalize('NFC').toLocaleLowerCase()
          : text.normalize('NFC');
      const templates = options.values.map((value) => setup.compileTemplate(value));
      return {
        score(input) {
          const output = fold(input.output);
          const values = templates.map((template) => template.render(input.lookup));
          const found = values.filter((value) => output.includes(fold(value)));
          const missing = values.filter((value) => !output.includes(fold(value)));
          if (mode === 'any') {
            const passed = found.length > 0;
            return {
              score: passed ? 1 : 0,
              passed,
              reason: passed
                ? `output contains ${quote(found[0] ?? '')}`
                : `output contains none of ${values.length} values`,
            };
          }
          const passed = missing.length === 0;
          return {
            score: found.length / values.length,
            passed,
            reason: passed
              ? `output contains all ${values.length} values`
              : `output lacks ${missing.map((value) => quote(value, 30)).join(', ')}`,
          };
        },
      };
    },
  });
}
