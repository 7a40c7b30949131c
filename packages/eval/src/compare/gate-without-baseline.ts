import type { EvalResult, EvalRun } from '@sextant/spec';
import { formatPercent } from '../report/format-units.js';
import { EXIT_CODES } from './exit-codes.js';
import type { GateSettings } from './gate-settings.js';
import type { Verdict } from './run-comparison.js';
import { runCompletenessProblems } from './run-completeness.js';

export interface GateWithoutBaselineOptions {
  run: EvalRun;
  results: AsyncIterable<EvalResult> | Iterable<EvalResult>;
  settings: GateSettings;
}

export interface GateWithoutBaseline {
  groups: {
    targetId: string;
    promptId: string;
    passed: number;
    failed: number;
    passRate: number | null;
  }[];
  errorRate: number | null;
  verdict: Verdict;
}

/**
 * The gate when there is no baseline to compare with: only the pass-rate floor (`minPassRate`,
 * on each target × prompt's point estimate, errors left out) and completeness apply. Without a
 * floor the verdict is `none` (nothing gated; exit code 0).
 */
export async function gateWithoutBaseline(
  options: GateWithoutBaselineOptions,
): Promise<GateWithoutBaseline> {
  const { settings } = options;
  const counts = new Map<
    string,
    { targetId: string; promptId: string; passed: number; failed: number }
  >();
  let results = 0;
  let errors = 0;
  for await (const result of options.results) {
    results += 1;
    const key = JSON.stringify([result.targetId, result.promptId]);
    const entry = counts.get(key) ?? {
      targetId: result.targetId,
      promptId: result.promptId,
      passed: 0,
      failed: 0,
    };
    if (result.status === 'error') errors += 1;
    else if (result.passed) entry.passed += 1;
    else entry.failed += 1;
    counts.set(key, entry);
  }
  const groups = [...counts.entries()]
    .sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0))
    .map(([, entry]) => {
      const judged = entry.passed + entry.failed;
      return { ...entry, passRate: judged === 0 ? null : entry.passed / judged };
    });
  const problems = runCompletenessProblems({
    run: options.run,
    label: 'candidate',
    results,
    errors,
    maxErrorRate: settings.maxErrorRate,
  });
  const errorRate = results === 0 ? null : errors / results;
  if (problems.length > 0)
    return {
      groups,
      errorRate,
      verdict: { state: 'incomplete', reasons: problems, exitCode: EXIT_CODES.incomplete },
    };
  const floor = settings.minPassRate;
  if (floor === null) {
    return {
      groups,
      errorRate,
      verdict: {
        state: 'none',
        reasons: ['no baseline and no minPassRate: nothing to gate'],
        exitCode: EXIT_CODES.pass,
      },
    };
  }
  const below = groups
    .filter((group) => group.passRate !== null && group.passRate < floor)
    .map(
      (group) =>
        `${group.targetId} (${group.promptId}): pass rate ${formatPercent(group.passRate)} is below the ${formatPercent(floor)} floor (minPassRate)`,
    );
  const verdict: Verdict =
    below.length > 0
      ? { state: 'regressed', reasons: below, exitCode: EXIT_CODES.regressed }
      : { state: 'pass', reasons: [], exitCode: EXIT_CODES.pass };
  return { groups, errorRate, verdict };
}
