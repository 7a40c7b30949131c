/**
 * Compiles every `{{template}}` string inside a JSON value once, so rendering per case is a walk
 * over the value; values without templates are returned as they are.
 */
import type { ScorerSetup } from './scorer.js';

export type ValueRenderer = (lookup: (name: string) => unknown) => unknown;

export function compileValueTemplates(value: unknown, setup: ScorerSetup): ValueRenderer {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return () => value;
    const template = setup.compileTemplate(value);
    return (lookup) => template.render(lookup);
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => compileValueTemplates(item, setup));
    return (lookup) => items.map((item) => item(lookup));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, compileValueTemplates(item, setup)] as const,
    );
    return (lookup) => Object.fromEntries(entries.map(([key, item]) => [key, item(lookup)]));
  }
  return () => value;
}
