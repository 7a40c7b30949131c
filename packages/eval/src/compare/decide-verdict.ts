import {
  formatPercent,
  formatPoints,
  formatPValue,
  formatRelativeChange,
  formatScoreChange,
} from '../report/format-units.js';
import { EXIT_CODES } from './exit-codes.js';
import { DEFAULT_MAX_MINIMUM_DETECTABLE_EFFECT } from './gate-settings.js';
import type { GateSettings } from './gate-settings.js';
import type { GroupComparison, MetricTest, Verdict } from './run-comparison.js';

export interface DecideVerdictOptions {
  incomplete: string[];
  floorReasons: string[];
  groups: GroupComparison[];
  settings: GateSettings;
}

/**
 * incomplete (a run cannot be judged) → regressed (a Holm-significant test beyond its margin, or a
 * pass rate under the floor) → inconclusive (no regression, but some group could not have seen a
 * drop of the allowed size: its minimum detectable effect is unknown or over the limit, or nothing
 * was paired) → pass. Flaky-in-baseline cases never enter the tests, so they cannot fail it alone.
 */
export function decideVerdict(options: DecideVerdictOptions): Verdict {
  const { incomplete, floorReasons, groups, settings } = options;
  if (incomplete.length > 0) return verdict('incomplete', incomplete);
  const regressions = [
    ...groups.flatMap((group) =>
      group.metrics.filter((test) => test.regressed).map(describeRegression),
    ),
    ...floorReasons,
  ];
  if (regressions.length > 0) return verdict('regressed', regressions);
  const limit = settings.maxMinimumDetectableEffect ?? DEFAULT_MAX_MINIMUM_DETECTABLE_EFFECT;
  const underpowered: string[] = [];
  if (groups.length === 0)
    underpowered.push('no target and prompt could be paired between the two runs');
  for (const group of groups) {
    const effect = group.minimumDetectableEffect;
    if (effect === null) {
      underpowered.push(
        `${group.targetId}: ${group.testedCases} comparable cases are too few to detect any drop in pass rate`,
      );
    } else if (effect > limit) {
      underpowered.push(
        `${group.targetId}: with ${group.testedCases} comparable cases the smallest pass-rate drop this comparison would detect (80% power) is ${formatPoints(effect).replace('+', '')}, over the ${formatPoints(limit).replace('+', '')} limit (maxMinimumDetectableEffect); add cases or repeats`,
      );
    }
  }
  if (underpowered.length > 0) return verdict('inconclusive', underpowered);
  return verdict('pass', []);
}

function verdict(state: Verdict['state'], reasons: string[]): Verdict {
  return { state, reasons, exitCode: state === 'none' ? EXIT_CODES.pass : EXIT_CODES[state] };
}

export function describeRegression(test: MetricTest): string {
  const confidence = `${Math.round(test.interval.confidence * 100)}% CI`;
  const adjusted = `Holm-adjusted one-sided ${formatPValue(test.adjustedPValue)}`;
  if (test.metric === 'cost-per-success') {
    return `${test.targetId}: cost per success rose ${formatRelativeChange(test.change)} (${confidence} ${formatRelativeChange(test.interval.lower)} to ${formatRelativeChange(test.interval.upper)}), beyond the allowed ${formatRelativeChange(test.threshold)} (${adjusted})`;
  }
  const change = test.metric === 'pass-rate' ? formatPoints : formatScoreChange;
  const what = test.metric === 'pass-rate' ? 'pass rate' : 'mean score';
  const from =
    test.metric === 'pass-rate'
      ? `${formatPercent(test.baseline)} → ${formatPercent(test.candidate)}, `
      : '';
  return `${test.targetId}: ${what} changed ${change(test.change)} (${from}${confidence} ${change(test.interval.lower)} to ${change(test.interval.upper)}), beyond the ${change(-test.threshold).replace('+', '')} margin (${adjusted})`;
}
