import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadUserFunction } from '../load-user-function.js';
import { clampScore, defineScorer } from './scorer.js';
import type { Score, ScoreInput } from './scorer.js';

interface JavascriptOptions {
  /** Path of an ES module, relative to the suite. */
  module: string;
  /** Export to call (default `default`). */
  export?: string;
  /** A returned number passes at this score (default 0.5). */
  threshold?: number;
  /** Passed to the function as `options`. */
  options?: unknown;
}

/** What the user's function receives. */
export type JavascriptScorerInput = Omit<ScoreInput, 'lookup' | 'signal'> & {
  options: unknown;
  signal: AbortSignal;
};

/**
 * A user function scores the output. It may return a boolean, a number in [0, 1], or
 * `{ score?, passed?, reason? }` (or a promise of one). A throw is a failed score with the message.
 */
export const javascriptScorer = defineScorer<JavascriptOptions>({
  type: 'javascript',
  optionsSchema: {
    required: ['module'],
    properties: {
      module: { type: 'string', minLength: 1 },
      export: { type: 'string', minLength: 1 },
      threshold: { type: 'number', minimum: 0, maximum: 1 },
      options: {},
    },
  },
  check(options, context) {
    const path = resolve(context.suiteDirectory, options.module);
    return existsSync(path)
      ? []
      : [{ field: 'module', message: `refers to ${path}, which does not exist` }];
  },
  async create(options, setup) {
    const scoreFunction = (await loadUserFunction({
      suiteDirectory: setup.suiteDirectory,
      module: options.module,
      exportName: options.export ?? 'default',
      what: 'javascript scorer',
    })) as (input: JavascriptScorerInput) => unknown;
    const threshold = options.threshold ?? 0.5;
    return {
      async score(input) {
        try {
          const { lookup: _lookup, ...rest } = input;
          return toScore(await scoreFunction({ ...rest, options: options.options }), threshold);
        } catch (error) {
          return {
            score: 0,
            passed: false,
            reason: `scorer function threw: ${(error as Error).message}`,
          };
        }
      },
    };
  },
});

function toScore(value: unknown, threshold: number): Score {
  if (typeof value === 'boolean')
    return {
      score: value ? 1 : 0,
      passed: value,
      reason: value ? 'function returned true' : 'function returned false',
    };
  if (typeof value === 'number') {
    const score = clampScore(value);
    return { score, passed: score >= threshold, reason: `function returned ${value}` };
  }
  if (value !== null && typeof value === 'object') {
    const result = value as { score?: unknown; passed?: unknown; reason?: unknown };
    const passed =
      typeof result.passed === 'boolean'
        ? result.passed
        : typeof result.score === 'number'
          ? clampScore(result.score) >= threshold
          : false;
    const score = typeof result.score === 'number' ? clampScore(result.score) : passed ? 1 : 0;
    return {
      score,
      passed,
      reason:
        typeof result.reason === 'string' ? result.reason : `function returned score ${score}`,
    };
  }
  return {
    score: 0,
    passed: false,
    reason: 'function returned neither a boolean, a number nor { score, passed, reason }',
  };
}
