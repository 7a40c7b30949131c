import type { EvalResult } from '@sextant/spec';
import { compareRuns } from '../../compare/compare-runs.js';
import { DEFAULT_GATE_SETTINGS } from '../../compare/gate-settings.js';
import { buildRunReport } from '../../report/build-run-report.js';
import {
  buildErrorResult,
  buildResult,
  buildRun,
} from '../../report/test-support/eval-result-builder.js';
import type { ReporterInput } from '../reporter.js';

/** A regressed candidate against a baseline, two targets, with one error and one hostile output. */
export async function regressedFixture(
  options: { cases?: number; outputLength?: number } = {},
): Promise<{
  input: ReporterInput;
  candidateResults: EvalResult[];
}> {
  const cases = options.cases ?? 60;
  const long = (index: number) =>
    options.outputLength ? `line ${index}\n`.repeat(options.outputLength / 8) : '';
  const make = (runId: string, failFrom: number): EvalResult[] =>
    ['premium', 'budget'].flatMap((targetId) =>
      Array.from({ length: cases }, (_, index) => {
        const passed = index < failFrom;
        return buildResult({
          runId,
          targetId,
          caseId: `case-${String(index).padStart(3, '0')}`,
          passed,
          output: `${long(index)}{"intent": "${passed ? 'billing' : 'shipping'}"}`,
          costUsd: targetId === 'premium' ? 0.01 : 0.001,
          latencyMs: 200 + index,
        });
      }),
    );
  const baselineRun = buildRun({ runId: 'base-run' });
  const candidateRun = buildRun({
    runId: 'cand-run',
    baselineRunId: 'base-run',
    gitBranch: 'prompt-change',
  });
  const baselineResults = make('base-run', Math.floor(cases * 0.9));
  const candidateResults = [
    ...make('cand-run', Math.floor(cases * 0.6)),
    buildErrorResult({
      runId: 'cand-run',
      caseId: 'case-error',
      targetId: 'budget',
      costUsd: 0.001,
    }),
    buildResult({
      runId: 'cand-run',
      caseId: 'case-<&>"\'',
      targetId: 'budget',
      passed: false,
      output: 'bad \u0000 bytes \u001b[31m <tag> & "quotes" \ud800 =SUM(A1) | pipe ```',
      scores: [
        {
          name: 'intent',
          type: 'equals',
          score: 0,
          passed: false,
          reason: 'expected <billing> & got "x"',
          weight: 1,
          required: true,
        },
      ],
    }),
  ];
  const report = await buildRunReport({
    run: candidateRun,
    results: candidateResults,
    replicates: 500,
  });
  const comparison = await compareRuns({
    baseline: { run: baselineRun, results: baselineResults },
    candidate: { run: candidateRun, results: candidateResults },
    settings: { ...DEFAULT_GATE_SETTINGS, maxErrorRate: 0.2 },
    replicates: 500,
  });
  return {
    input: {
      run: candidateRun,
      report,
      comparison,
      verdict: comparison.verdict,
      results: () => candidateResults,
    },
    candidateResults,
  };
}
