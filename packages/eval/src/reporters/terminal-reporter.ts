import Table from 'cli-table3';
import type { RunComparison, Verdict } from '../compare/run-comparison.js';
import {
  formatCount,
  formatMilliseconds,
  formatPercent,
  formatPoints,
  formatPValue,
  formatRelativeChange,
  formatScore,
  formatScoreChange,
  formatUsd,
} from '../report/format-units.js';
import type { GroupReport, RunReport } from '../report/run-report.js';
import type { Reporter, ReporterInput, ReporterOptions } from './reporter.js';

type Paint = (text: string, colour: 'green' | 'red' | 'yellow' | 'bold' | 'dim') => string;

const ANSI = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  bold: [1, 22],
  dim: [2, 22],
} as const;

/**
 * Tables for a terminal (cli-table3). Every number carries its unit. Colour only with
 * `color: true`, and never alone: a regression also reads "REGRESSED".
 */
export const terminalReporter: Reporter = {
  name: 'terminal',
  description: 'tables for a terminal, units on every number, optional colour',
  extension: 'txt',
  async *render(input: ReporterInput, options: ReporterOptions) {
    yield renderTerminal(input, options);
  },
};

export function renderTerminal(input: ReporterInput, options: ReporterOptions = {}): string {
  const paint: Paint = options.color
    ? (text, colour) => `\u001b[${ANSI[colour][0]}m${text}\u001b[${ANSI[colour][1]}m`
    : (text) => text;
  const style = options.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] };
  const { run, report, comparison, verdict } = input;
  const blocks: string[] = [];
  blocks.push(
    `${paint(`Run ${run.runId}`, 'bold')} · suite ${run.suite} · ${run.status} · ${formatCount(report.totals.results, 'results')} (${formatCount(report.totals.errors, 'errors')}) · target spend ${formatUsd(report.totals.targetSpendUsd)} · judge spend ${formatUsd(report.totals.judgeSpendUsd)}`,
  );
  blocks.push(summaryTable(report.groups, style));
  const extras = [...repeatLines(report.groups), ...frontierLines(report)];
  if (extras.length > 0) blocks.push(extras.join('\n'));
  if (comparison) blocks.push(comparisonTable(comparison, style, paint));
  if (verdict) blocks.push(verdictLines(verdict, paint));
  return `${blocks.join('\n\n')}\n`;
}

function summaryTable(groups: readonly GroupReport[], style: object): string {
  const table = new Table({
    head: [
      'Target',
      'Prompt',
      'Cases',
      'Pass / fail / error',
      'Pass rate (95% CI)',
      'Mean score',
      'Latency p50 / p95',
      'TTFT p50',
      'Tokens in / out / cached',
      'Spend target / judge',
      'Cost per success (95% CI)',
    ],
    style,
  });
  for (const group of groups) {
    table.push([
      group.targetId,
      group.promptId,
      formatCount(group.cases, 'cases'),
      `${group.passed} / ${group.failed} / ${group.errors} results`,
      `${formatPercent(group.passRate)}${group.passRateInterval ? `\n(${formatPercent(group.passRateInterval.lower)}–${formatPercent(group.passRateInterval.upper)})` : ''}`,
      formatScore(group.meanScore),
      `${formatMilliseconds(group.latencyMs.p50)} / ${formatMilliseconds(group.latencyMs.p95)}`,
      formatMilliseconds(group.timeToFirstChunkMs.p50),
      `${formatCount(group.tokens.input, 'tok')} / ${formatCount(group.tokens.output, 'tok')} / ${formatCount(group.tokens.cachedInput, 'tok')}`,
      `${formatUsd(group.spend.targetUsd)} / ${formatUsd(group.spend.judgeUsd)}`,
      group.costPerSuccess.usd === null
        ? `n/a: ${group.costPerSuccess.reason}`
        : `${formatUsd(group.costPerSuccess.usd)}\n(${formatUsd(group.costPerSuccess.interval.lower)}–${formatUsd(group.costPerSuccess.interval.upper)})`,
    ]);
  }
  return table.toString();
}

function repeatLines(groups: readonly GroupReport[]): string[] {
  return groups.flatMap((group) => {
    if (group.repeats === null) return [];
    const last = group.repeats.maxSamples;
    const at = group.repeats.passAtK.at(-1);
    const hat = group.repeats.passHatK.at(-1);
    return [
      `${group.targetId} / ${group.promptId}: pass@${last} ${formatPercent(at?.value ?? null)}, pass^${last} ${formatPercent(hat?.value ?? null)}, ${formatCount(group.repeats.flakyCaseIds.length, 'flaky cases')}${group.repeats.flakyCaseIds.length > 0 ? ` (${group.repeats.flakyCaseIds.slice(0, 5).join(', ')}${group.repeats.flakyCaseIds.length > 5 ? ', …' : ''})` : ''}`,
    ];
  });
}

function frontierLines(report: RunReport): string[] {
  return report.frontiers
    .filter(
      (frontier) =>
        frontier.frontier.length + frontier.dominated.length + frontier.excluded.length > 1,
    )
    .map((frontier) => {
      const parts = [
        `Cost–quality frontier (${frontier.promptId}): ${frontier.frontier.join(', ') || 'none'}`,
      ];
      if (frontier.dominated.length > 0)
        parts.push(
          `dominated: ${frontier.dominated.map((entry) => `${entry.targetId} (by ${entry.dominatedBy.join(', ')})`).join('; ')}`,
        );
      if (frontier.excluded.length > 0)
        parts.push(
          `left out: ${frontier.excluded.map((entry) => `${entry.targetId} (${entry.reason})`).join('; ')}`,
        );
      return parts.join(' · ');
    });
}

function comparisonTable(comparison: RunComparison, style: object, paint: Paint): string {
  const table = new Table({
    head: [
      'Target',
      'Metric',
      'Baseline',
      'Candidate',
      'Change (95% CI)',
      'Allowed',
      'Holm p',
      'Result',
    ],
    style,
  });
  for (const group of comparison.groups) {
    for (const test of group.metrics) {
      const isCost = test.metric === 'cost-per-success';
      const value = (number: number) =>
        isCost
          ? formatUsd(number)
          : test.metric === 'pass-rate'
            ? formatPercent(number)
            : formatScore(number);
      const change = isCost
        ? formatRelativeChange
        : test.metric === 'pass-rate'
          ? formatPoints
          : formatScoreChange;
      table.push([
        group.targetId,
        test.metric,
        value(test.baseline),
        value(test.candidate),
        `${change(test.change)}\n(${change(test.interval.lower)} to ${change(test.interval.upper)})`,
        isCost ? `≤ ${change(test.threshold)}` : `≥ ${change(test.threshold)}`,
        formatPValue(test.adjustedPValue),
        test.regressed ? paint('REGRESSED', 'red') : 'ok',
      ]);
    }
    for (const skipped of group.skippedMetrics) {
      table.push([
        group.targetId,
        skipped.metric,
        '',
        '',
        `not tested: ${skipped.reason}`,
        '',
        '',
        'skipped',
      ]);
    }
  }
  const summary = comparison.groups.map(
    (group) =>
      `${group.targetId}: ${formatCount(group.testedCases, 'cases tested')} of ${formatCount(group.pairedCases, 'paired')}, ${group.outcomes.newlyFailing} newly failing, ${group.outcomes.newlyPassing} newly passing, ${formatCount(group.flakyInBaseline.length, 'flaky in baseline')}, minimum detectable drop ${group.minimumDetectableEffect === null ? 'n/a (too few cases)' : formatPoints(group.minimumDetectableEffect).replace('+', '')}`,
  );
  return [`Compared with baseline ${comparison.baselineRunId}`, table.toString(), ...summary].join(
    '\n',
  );
}

function verdictLines(verdict: Verdict, paint: Paint): string {
  const colour =
    verdict.state === 'pass' || verdict.state === 'none'
      ? 'green'
      : verdict.state === 'regressed'
        ? 'red'
        : 'yellow';
  return [
    `${paint(`Verdict: ${verdict.state.toUpperCase()}`, colour)} (exit code ${verdict.exitCode})`,
    ...verdict.reasons.map((reason) => `  - ${reason}`),
  ].join('\n');
}
