import type { EvalRun } from '@sextant/spec';
import { formatPercent } from '../report/format-units.js';

export interface RunCompletenessOptions {
  run: EvalRun;
  /** `baseline` or `candidate`, for the messages. */
  label: string;
  results: number;
  errors: number;
  maxErrorRate: number;
}

/**
 * Why a run cannot be judged, one sentence each; empty when it can. A run stopped by its budget,
 * failed or still running, an error rate over the cap, or no result at all make the verdict
 * `incomplete`: errors are outages, not regressions, and a partial run says little either way.
 */
export function runCompletenessProblems(options: RunCompletenessOptions): string[] {
  const { run, label, results, errors, maxErrorRate } = options;
  const problems: string[] = [];
  if (run.status === 'stopped-budget') {
    problems.push(
      `the ${label} run ${run.runId} was stopped by its budget cap before every case ran`,
    );
  } else if (run.status === 'failed') {
    problems.push(`the ${label} run ${run.runId} failed`);
  } else if (run.status === 'running') {
    problems.push(`the ${label} run ${run.runId} has not finished (status "running")`);
  }
  if (results === 0) {
    problems.push(`the ${label} run ${run.runId} has no results`);
  } else if (errors / results > maxErrorRate) {
    problems.push(
      `the ${label} run ${run.runId} has an error rate of ${formatPercent(errors / results)} (${errors} of ${results} results), over the ${formatPercent(maxErrorRate)} cap (maxErrorRate)`,
    );
  }
  return problems;
}
