import type { EvalResult, EvalRun } from '@sextant/spec';
import type { RunComparison, Verdict } from '../compare/run-comparison.js';
import type { RunReport } from '../report/run-report.js';

/** Everything a reporter may show. Reporters only read it; they never judge or compute statistics. */
export interface ReporterInput {
  run: EvalRun;
  report: RunReport;
  /** Null without a baseline. */
  comparison: RunComparison | null;
  /** The gate's verdict (compareRuns' or gateWithoutBaseline's); null when no gate ran. */
  verdict: Verdict | null;
  /**
   * Streams the run's results; called again by each reporter that lists rows (JSON, JUnit, CSV),
   * so 100,000 results never need to sit in memory.
   */
  results: () => AsyncIterable<EvalResult> | Iterable<EvalResult>;
}

export interface ReporterOptions {
  /** ANSI colours (terminal only); off unless asked for. Colour never carries meaning alone. */
  color?: boolean;
}

/** One output format. `render` yields the document in chunks, to write to a file or stdout. */
export interface Reporter {
  name: string;
  description: string;
  /** Suggested file extension, without the dot. */
  extension: string;
  render(input: ReporterInput, options: ReporterOptions): AsyncIterable<string>;
}
