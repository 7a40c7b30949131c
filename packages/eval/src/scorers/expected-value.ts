/**
 * The value a scorer compares against: its own `value` option (a `{{template}}` rendered per
 * case, compiled once) or, when absent, the case's `expected` column.
 */
import type { CompiledTemplate } from '../template/compile-template.js';
import type { ScoreInput, ScorerSetup } from './scorer.js';

export type ExpectedValue = (input: ScoreInput) => string | null;

export function expectedValue(
  value: string | number | boolean | undefined,
  setup: ScorerSetup,
): ExpectedValue {
  if (value === undefined) return (input) => input.expected;
  if (typeof value !== 'string') {
    const text = String(value);
    return () => text;
  }
  const template: CompiledTemplate = setup.compileTemplate(value);
  return (input) => template.render(input.lookup);
}

export const valueOptionSchema = { type: ['string', 'number', 'boolean'] } as const;

export const NO_EXPECTED = {
  score: 0,
  passed: false,
  reason: 'no expected value: set `value` or fill the `expected` column',
};
