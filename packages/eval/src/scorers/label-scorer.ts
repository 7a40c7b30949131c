import { expectedValue, NO_EXPECTED, valueOptionSchema } from './expected-value.js';
import { normalizeText, quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';

interface LabelOptions {
  labels: string[];
  value?: string;
  /** Default true: `Billing` and `billing` are the same label. */
  ignoreCase?: boolean;
}

const EDGES = /^[\s"'`*_.:;,!?()[\]{}<>-]+|[\s"'`*_.:;,!?()[\]{}<>-]+$/gu;

/**
 * Classification: the output maps to one allowed label (the whole answer, give or take quotes,
 * Markdown and punctuation; or exactly one label named as a whole word), compared with expected.
 */
export const labelScorer = defineScorer<LabelOptions>({
  pure: true,
  type: 'label',
  optionsSchema: {
    required: ['labels'],
    properties: {
      labels: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', minLength: 1 },
      },
      value: valueOptionSchema,
      ignoreCase: { type: 'boolean' },
    },
  },
  create(options, setup) {
    const expected = expectedValue(options.value, setup);
    const normalize = { ignoreCase: options.ignoreCase !== false, collapseWhitespace: true };
    const labels = options.labels.map((label) => ({ label, key: normalizeText(label, normalize) }));
    const words = labels.map(({ label, key }) => ({
      label,
      pattern: new RegExp(
        `(?<![\\p{L}\\p{N}_])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`,
        'u',
      ),
    }));
    const mapOutput = (output: string): string | null => {
      const key = normalizeText(output, normalize).replace(EDGES, '');
      const exact = labels.find((label) => label.key === key);
      if (exact !== undefined) return exact.label;
      const text = normalizeText(output, normalize);
      const named = words.filter((word) => word.pattern.test(text));
      return named.length === 1 ? (named[0]?.label ?? null) : null;
    };
    return {
      score(input) {
        const want = expected(input);
        if (want === null) return NO_EXPECTED;
        const got = mapOutput(input.output);
        if (got === null) {
          return {
            score: 0,
            passed: false,
            reason: `output ${quote(input.output, 40)} is not one of ${options.labels.length} labels`,
          };
        }
        const passed = normalizeText(got, normalize) === normalizeText(want, normalize);
        return {
          score: passed ? 1 : 0,
          passed,
          reason: passed ? `label ${quote(got)}` : `label ${quote(got)}, expected ${quote(want)}`,
        };
      },
    };
  },
});
