import type { EvalResult, EvalRun } from '@sextant/spec';
import { formatPercent } from '../report/format-units.js';
import { DEFAULT_BOOTSTRAP_REPLICATES } from '../stats/bootstrap.js';
import { holmBonferroni } from '../stats/holm-bonferroni.js';
import { DEFAULT_SEED } from '../stats/seeded-random.js';
import { collectCaseOutcomes } from './collect-case-outcomes.js';
import type { CollectedSide } from './collect-case-outcomes.js';
import { compareGroup } from './compare-group.js';
import { decideVerdict } from './decide-verdict.js';
import type { GateSettings } from './gate-settings.js';
import { pairGroups } from './pair-groups.js';
import type { RunComparison } from './run-comparison.js';
import { runCompletenessProblems } from './run-completeness.js';

export interface ComparisonSide {
  run: EvalRun;
  /** The run's results, streamed once (`ResultStore.readResults`, or a results file's rows). */
  results: AsyncIterable<EvalResult> | Iterable<EvalResult>;
}

export interface CompareRunsOptions {
  baseline: ComparisonSide;
  candidate: ComparisonSide;
  settings: GateSettings;
  /** Seed of the bootstrap intervals; same inputs and seed, same verdict. */
  seed?: number;
  /** Bootstrap replicates; defaults to 2000. */
  replicates?: number;
}

/**
 * Compares a candidate run with its baseline case by case and judges it.
 *
 * Each paired group (see pairGroups) gets three non-inferiority tests: pass rate (exact conditional
 * McNemar-type test and interval), mean score and cost per success (paired bootstrap). Each test's
 * one-sided p-value is against the margin; Holm's procedure runs over every test of every group at
 * alpha / 2, so that a single test is a regression exactly when its two-sided (1 − alpha)
 * interval lies entirely beyond the margin, and a regression survives the multiplicity correction.
 * Verdict precedence: incomplete, then regressed, then inconclusive, then pass (decideVerdict).
 */
export async function compareRuns(options: CompareRunsOptions): Promise<RunComparison> {
  const { settings } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const baseline = await collectCaseOutcomes(options.baseline.results);
  const candidate = await collectCaseOutcomes(options.candidate.results);
  const { paired, unpaired } = pairGroups(baseline, candidate);
  const groups = paired.map((pair) => compareGroup({ pair, settings, seed, replicates }));
  const tests = groups.flatMap((group) => group.metrics);
  const holm = holmBonferroni({
    pValues: tests.map((test) => test.pValue),
    alpha: settings.alpha / 2,
  });
  for (const [index, test] of tests.entries()) {
    test.adjustedPValue = holm.adjustedPValues[index]!;
    test.regressed = holm.rejected[index]!;
  }
  const belowMinPassRate = belowFloor(candidate, settings.minPassRate);
  const incomplete = [
    ...runCompletenessProblems({
      run: options.baseline.run,
      label: 'baseline',
      results: baseline.results,
      errors: baseline.errors,
      maxErrorRate: settings.maxErrorRate,
    }),
    ...runCompletenessProblems({
      run: options.candidate.run,
      label: 'candidate',
      results: candidate.results,
      errors: candidate.errors,
      maxErrorRate: settings.maxErrorRate,
    }),
  ];
  const floorReasons = belowMinPassRate.map(
    ({ targetId, promptId, passRate }) =>
      `${targetId} (${promptId}): pass rate ${formatPercent(passRate)} is below the ${formatPercent(settings.minPassRate)} floor (minPassRate)`,
  );
  return {
    baselineRunId: options.baseline.run.runId,
    candidateRunId: options.candidate.run.runId,
    settings,
    seed,
    errorRate: {
      baseline: baseline.results === 0 ? null : baseline.errors / baseline.results,
      candidate: candidate.results === 0 ? null : candidate.errors / candidate.results,
    },
    groups,
    unpaired,
    belowMinPassRate,
    verdict: decideVerdict({ incomplete, floorReasons, groups, settings }),
  };
}

export function belowFloor(
  side: CollectedSide,
  minPassRate: number | null,
): RunComparison['belowMinPassRate'] {
  if (minPassRate === null) return [];
  const below: RunComparison['belowMinPassRate'] = [];
  for (const byPrompt of side.groups.values()) {
    for (const group of byPrompt.values()) {
      const judged = group.passed + group.failed;
      if (judged === 0) continue;
      const passRate = group.passed / judged;
      if (passRate < minPassRate) {
        below.push({ targetId: group.targetId, promptId: group.promptId, passRate });
      }
    }
  }
  return below.sort((first, second) => first.targetId.localeCompare(second.targetId));
}
