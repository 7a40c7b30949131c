/**
 * One suite, end to end: run it (progress on stderr), build its report, gate it (against its
 * baseline, or the pass-rate floor alone), store the verdict on the run row, print the terminal
 * report and write the requested outputs. Returns the verdict's exit code.
 */
import type { GateSettings, LoadedSuite, RunSuiteOptions, Verdict } from '@sextant/eval';
import type { ResultStore } from '@sextant/spec';
import { createProgressDisplay } from './progress-display.js';
import type { OutputRequest } from './parse-output-option.js';
import type { ResolvedRun } from './resolve-run-reference.js';
import { showReport } from './show-report.js';

export interface EvaluateSuiteOptions {
  suite: LoadedSuite;
  store: ResultStore;
  run: Omit<RunSuiteOptions, 'suite' | 'store' | 'onEvent' | 'baselineRunId'>;
  baseline: ResolvedRun | null;
  /** Why there is no baseline, printed when `baseline` is null. */
  noBaselineReason: string | null;
  settings: GateSettings;
  /** A shard's results are a part of a run: reported, not gated. */
  gate: boolean;
  outputs: readonly OutputRequest[];
  severalSuites: boolean;
  seed: number | undefined;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  interactive: boolean;
  color: boolean;
  environment: Readonly<Record<string, string | undefined>>;
}

export async function evaluateSuite(
  options: EvaluateSuiteOptions,
): Promise<{ runId: string; verdict: Verdict | null }> {
  const { suite, store, stdout } = options;
  const { runSuite, buildRunReport, compareRuns, gateWithoutBaseline } =
    await import('@sextant/eval');
  const progress = await createProgressDisplay({
    stream: options.stderr,
    interactive: options.interactive,
    label: suite.name,
  });
  let summary;
  try {
    summary = await runSuite({
      ...options.run,
      suite,
      store,
      baselineRunId: options.baseline?.run.runId ?? null,
      onEvent: (event) => progress.onEvent(event),
    });
  } finally {
    progress.stop();
  }
  const stored = await store.getRun(summary.runId);
  if (stored === null)
    throw new Error(`run ${summary.runId} was not found in the store after it ran`);
  const results = () => store.readResults(summary.runId);
  const seed = options.seed === undefined ? {} : { seed: options.seed };
  const report = await buildRunReport({ run: stored, results: results(), ...seed });
  let comparison = null;
  let verdict: Verdict | null = null;
  if (options.gate) {
    if (options.baseline !== null) {
      comparison = await compareRuns({
        baseline: { run: options.baseline.run, results: options.baseline.results() },
        candidate: { run: stored, results: results() },
        settings: options.settings,
        ...seed,
      });
      verdict = comparison.verdict;
    } else {
      verdict = (
        await gateWithoutBaseline({ run: stored, results: results(), settings: options.settings })
      ).verdict;
    }
    await store.saveRun({ ...stored, verdict: verdict.state });
  }
  const run = { ...stored, verdict: verdict?.state ?? stored.verdict };
  const input = { run, report, comparison, verdict, results };
  stdout.write('\n');
  if (options.gate && options.baseline === null && options.noBaselineReason !== null) {
    stdout.write(`No baseline: ${options.noBaselineReason}\n`);
  }
  await showReport({
    input,
    color: options.color,
    outputs: options.outputs,
    suite: suite.name,
    several: options.severalSuites,
    cwd: options.cwd,
    stdout,
    environment: options.environment,
  });
  return { runId: summary.runId, verdict };
}
