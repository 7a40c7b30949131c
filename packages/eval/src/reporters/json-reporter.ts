import type { Reporter, ReporterInput } from './reporter.js';

export const RESULTS_FILE_SCHEMA_VERSION = 1;

/**
 * `{ schemaVersion: 1, generator, run, report, comparison, verdict, results: [...] }`. The file is
 * written result by result, and `readResultsFile` reads `run` and `results` back so that a
 * previous run's file can serve as a baseline. Non-finite numbers (an unbounded interval) are
 * written as null, which JSON has instead of ±∞.
 */
export const jsonReporter: Reporter = {
  name: 'json',
  description: 'everything, in a versioned JSON schema; readable back as a baseline',
  extension: 'json',
  async *render(input: ReporterInput) {
    const head = {
      schemaVersion: RESULTS_FILE_SCHEMA_VERSION,
      generator: '@sextant/eval',
      run: input.run,
      report: input.report,
      comparison: input.comparison,
      verdict: input.verdict,
    };
    const opening = JSON.stringify(head, finiteOrNull, 2);
    yield `${opening.slice(0, opening.lastIndexOf('}')).trimEnd()},\n  "results": [`;
    let first = true;
    for await (const result of input.results()) {
      yield `${first ? '' : ','}\n    ${JSON.stringify(result, finiteOrNull)}`;
      first = false;
    }
    yield `${first ? '' : '\n  '}]\n}\n`;
  },
};

function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
