import { defineScorer } from './scorer.js';

interface LengthOptions {
  min?: number;
  max?: number;
  /** `characters` (Unicode code points, the default) or `words`. */
  unit?: 'characters' | 'words';
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

export function measureLength(text: string, unit: 'characters' | 'words'): number {
  if (unit === 'words') return text.match(WORD)?.length ?? 0;
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The output's length lies within [min, max]. */
export const lengthScorer = defineScorer<LengthOptions>({
  pure: true,
  type: 'length',
  optionsSchema: {
    properties: {
      min: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 0 },
      unit: { enum: ['characters', 'words'] },
    },
  },
  check(options) {
    if (options.min === undefined && options.max === undefined)
      return [{ field: 'max', message: 'set `min`, `max` or both' }];
    if (options.min !== undefined && options.max !== undefined && options.min > options.max) {
      return [{ field: 'min', message: `(${options.min}) must not exceed max (${options.max})` }];
    }
    return [];
  },
  create(options) {
    const unit = options.unit ?? 'characters';
    const min = options.min ?? 0;
    const max = options.max ?? Number.POSITIVE_INFINITY;
    return {
      score(input) {
        const length = measureLength(input.output, unit);
        const passed = length >= min && length <= max;
        return {
          score: passed ? 1 : 0,
          passed,
          reason: `${length} ${unit} (allowed ${min}–${max === Number.POSITIVE_INFINITY ? '∞' : max})`,
        };
      },
    };
  },
});
