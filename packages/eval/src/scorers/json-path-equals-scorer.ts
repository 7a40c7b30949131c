import {
  compileJsonPath,
  extractOptionSchema,
  parseJsonOutput,
  readJsonPath,
} from './json-output.js';
import { quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';

interface JsonPathEqualsOptions {
  path: string;
  /** Compared with the field; a string may be a template. Absent: the same path in `expected` (JSON), or `expected` itself. */
  value?: unknown;
  ignoreCase?: boolean;
  extract?: boolean;
}

/** A field of the JSON output equals a value (deep equality; strings optionally case-insensitive). */
export const jsonPathEqualsScorer = defineScorer<JsonPathEqualsOptions>({
  pure: true,
  type: 'json-path-equals',
  optionsSchema: {
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1 },
      value: {},
      ignoreCase: { type: 'boolean' },
      extract: extractOptionSchema,
    },
  },
  check(options) {
    return compileJsonPath(options.path) === null
      ? [
          {
            field: 'path',
            message: 'is not a field path; write it like `$.intent` or `items[0].name`',
          },
        ]
      : [];
  },
  create(options, setup) {
    const path = compileJsonPath(options.path) ?? [];
    const template =
      typeof options.value === 'string' ? setup.compileTemplate(options.value) : null;
    const fold = (value: unknown): unknown =>
      options.ignoreCase === true && typeof value === 'string'
        ? value.normalize('NFC').toLocaleLowerCase()
        : value;
    const wanted = (
      expected: string | null,
      lookup: (name: string) => unknown,
    ): { ok: boolean; value: unknown } => {
      if (template !== null) return { ok: true, value: template.render(lookup) };
      if (options.value !== undefined) return { ok: true, value: options.value };
      if (expected === null) return { ok: false, value: undefined };
      const parsed = parseJsonOutput(expected);
      if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object') {
        const field = readJsonPath(parsed.value, path);
        return { ok: field.found, value: field.value };
      }
      return { ok: true, value: expected };
    };
    return {
      score(input) {
        const want = wanted(input.expected, input.lookup);
        if (!want.ok)
          return { score: 0, passed: false, reason: `no expected value for ${options.path}` };
        const parsed = parseJsonOutput(input.output, options);
        if (!parsed.ok) return { score: 0, passed: false, reason: parsed.reason };
        const field = readJsonPath(parsed.value, path);
        if (!field.found)
          return { score: 0, passed: false, reason: `output has no ${options.path}` };
        const got =
          typeof want.value === 'string' && typeof field.value !== 'string'
            ? JSON.stringify(field.value)
            : field.value;
        const passed = deepEqual(fold(got), fold(want.value));
        const shown = (value: unknown): string =>
          quote(typeof value === 'string' ? value : JSON.stringify(value), 40);
        return {
          score: passed ? 1 : 0,
          passed,
          reason: passed
            ? `${options.path} is ${shown(field.value)}`
            : `${options.path} is ${shown(field.value)}, expected ${shown(want.value)}`,
        };
      },
    };
  },
});

function deepEqual(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null)
    return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) =>
    deepEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]),
  );
}
