import type TableClass from 'cli-table3';
import { createRequire } from 'node:module';
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

// cli-table3 loads with the first table, not with @sextant/eval: a run never renders one, and
// every module in the runner's heap raises the old space V8 lets it grow to.
const require = createRequire(import.meta.url);
let tableClass: typeof TableClass | undefined;
function newTable(
  options: ConstructorParameters<typeof TableClass>[0],
): InstanceType<typeof TableClass> {
  tableClass ??= require('cli-table3') as typeof TableClass;
  return new tableClass(options);
}

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

function renderTerminal(input: ReporterInput, options: ReporterOptions): string {
  const paint: Paint = options.color
    ? (text, colour) => `\u001b[${ANSI[colour][0]}m${text}\u001b[${ANSI[colour][1]}m`
    : (text) => text;
  const style = options.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] };
  const { run, report, comparison, verdict } = input;
  const blocks: string[] = [];
  blocks.push(
    `${paint(`Run ${run.runId}`, 'bold')} · suite ${run.suite} · ${run.status}\n` +
      `${formatCount(report.totals.results, 'results')} (${formatCount(report.totals.errors, 'errors')}) · target spend ${formatUsd(report.totals.targetSpendUsd)} · judge spend ${formatUsd(report.totals.judgeSpendUsd)}`,
  );
  blocks.push(`Quality\n${qualityTable(report.groups, style)}`);
  blocks.push(`Latency, tokens and cost\n${costTable(report.groups, style)}`);
  const extras = [...repeatLines(report.groups), ...frontierLines(report)];
  if (extras.length > 0)
    blocks.push(extras.map((line) => wrapWords({ text: line, indent: '  ' })).join('\n'));
  if (comparison) blocks.push(comparisonTable(comparison, style, paint));
  if (verdict) blocks.push(verdictLines(verdict, paint));
  return `${blocks.join('\n\n')}\n`;
}

// The report is two tables of one row per group rather than one wide one, so that it fits a
// 100-column terminal. Where a header names the unit (ms, tokens, results), the cells leave it out.
function groupLabel(group: GroupReport): string {
  return `${group.targetId}\n${group.promptId}`;
}

function qualityTable(groups: readonly GroupReport[], style: object): string {
  const table = newTable({
    head: [
      'Target\nprompt',
      'Cases',
      'Passed\n(results)',
      'Failed\n(results)',
      'Errors\n(results)',
      'Pass rate\n(95% CI)',
      'Mean score',
    ],
    style,
  });
  for (const group of groups) {
    table.push([
      groupLabel(group),
      formatNumber(group.cases),
      formatNumber(group.passed),
      formatNumber(group.failed),
      formatNumber(group.errors),
      group.passRateInterval
        ? `${formatPercent(group.passRate)}\n(${formatPercent(group.passRateInterval.lower)}–${formatPercent(group.passRateInterval.upper)})`
        : formatPercent(group.passRate),
      formatScore(group.meanScore),
    ]);
  }
  return table.toString();
}

const COST_PER_SUCCESS_WIDTH = 25;

function costTable(groups: readonly GroupReport[], style: object): string {
  const table = newTable({
    head: [
      'Target\nprompt',
      'Latency (ms)\np50 / p95',
      'TTFT (ms)\np50',
      'Tokens\nin / out / cached',
      'Spend\ntarget / judge',
      'Cost per success\n(95% CI)',
    ],
    // A long "n/a" reason wraps inside a fixed last column; otherwise every column fits its cells.
    colWidths: groups.some((group) => group.costPerSuccess.usd === null)
      ? [null, null, null, null, null, COST_PER_SUCCESS_WIDTH]
      : [],
    wordWrap: true,
    style,
  });
  for (const group of groups) {
    table.push([
      groupLabel(group),
      `${formatMillisecondsValue(group.latencyMs.p50)} / ${formatMillisecondsValue(group.latencyMs.p95)}`,
      formatMillisecondsValue(group.timeToFirstChunkMs.p50),
      `${formatNumber(group.tokens.input)} / ${formatNumber(group.tokens.output)} / ${formatNumber(group.tokens.cachedInput)}`,
      `${formatUsd(group.spend.targetUsd)} / ${formatUsd(group.spend.judgeUsd)}`,
      group.costPerSuccess.usd === null
        ? `n/a: ${group.costPerSuccess.reason}`
        : `${formatUsd(group.costPerSuccess.usd)}\n(${formatUsd(group.costPerSuccess.interval.lower)}–${formatUsd(group.costPerSuccess.interval.upper)})`,
    ]);
  }
  return table.toString();
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

/** Milliseconds without the unit, for cells under a "(ms)" header. */
function formatMillisecondsValue(value: number | null): string {
  return formatMilliseconds(value).replace(/ ms$/, '');
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

const CHANGE_WIDTH = 28;

function comparisonTable(comparison: RunComparison, style: object, paint: Paint): string {
  const table = newTable({
    head: [
      'Target\nmetric',
      'Baseline\n→ candidate',
      'Change\n(95% CI)',
      'Allowed',
      'Holm p',
      'Result',
    ],
    // A long "not tested" reason wraps inside a fixed change column.
    colWidths: comparison.groups.some((group) => group.skippedMetrics.length > 0)
      ? [null, null, CHANGE_WIDTH, null, null, null]
      : [],
    wordWrap: true,
    style,
  });
  for (const group of comparison.groups) {
    for (const test of group.metrics) {
      const isCost = test.metric === 'cost-per-success';
      const value = isCost ? formatUsd : test.metric === 'pass-rate' ? formatPercent : formatScore;
      const change = isCost
        ? formatRelativeChange
        : test.metric === 'pass-rate'
          ? formatPoints
          : formatScoreChange;
      table.push([
        `${group.targetId}\n${test.metric}`,
        `${value(test.baseline)}\n→ ${value(test.candidate)}`,
        `${change(test.change)}\n(${change(test.interval.lower)} to ${change(test.interval.upper)})`,
        isCost ? `≤ ${change(test.threshold)}` : `≥ ${change(test.threshold)}`,
        formatPValue(test.adjustedPValue).replace(/^p (= )?/, ''),
        test.regressed ? paint('REGRESSED', 'red') : 'ok',
      ]);
    }
    for (const skipped of group.skippedMetrics) {
      table.push([
        `${group.targetId}\n${skipped.metric}`,
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
      `${group.targetId}: ${formatCount(group.testedCases, 'cases tested')} of ${formatCount(group.pairedCases, 'paired')}, ${group.outcomes.newlyFailing} newly failing, ${group.outcomes.newlyPassing} newly passing, ${formatCount(group.flakyInBaseline.length, 'flaky in baseline')},\n` +
      `  minimum detectable drop ${group.minimumDetectableEffect === null ? 'n/a (too few cases)' : formatPoints(group.minimumDetectableEffect).replace('+', '')}`,
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
    ...verdict.reasons.map((reason) => wrapWords({ text: `  - ${reason}`, indent: '    ' })),
  ].join('\n');
}

const LINE_WIDTH = 100;

/** A prose line wrapped at spaces to LINE_WIDTH columns; continuation lines start with `indent`. */
function wrapWords(options: { text: string; indent: string }): string {
  const [first = '', ...words] = options.text.split(/(?<=\S) /);
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    if ([...line].length + 1 + [...word].length > LINE_WIDTH) {
      lines.push(line);
      line = options.indent + word;
    } else {
      line = `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
