import type {
  CaseChange,
  GroupComparison,
  MetricTest,
  RunComparison,
  Verdict,
} from '../compare/run-comparison.js';
import {
  formatCount,
  formatMilliseconds,
  formatPercent,
  formatPoints,
  formatRelativeChange,
  formatScore,
  formatUsd,
} from '../report/format-units.js';
import type { GroupReport } from '../report/run-report.js';
import { codeFence, outputDiff } from './output-diff.js';
import type { Reporter, ReporterInput } from './reporter.js';

/** GitHub rejects comments over 65,536 characters; keep a margin for the truncation note. */
export const MARKDOWN_CHARACTER_LIMIT = 65_536;
const RESERVED_FOR_NOTES = 1_500;
const DIFF_CHARACTER_LIMIT = 1_500;

const VERDICT_HEADINGS: Record<Verdict['state'], string> = {
  pass: '✅ PASS',
  regressed: '❌ REGRESSED',
  inconclusive: '⚠️ INCONCLUSIVE',
  incomplete: '⛔ INCOMPLETE',
  none: 'ℹ️ NOT GATED',
};

/**
 * A pull-request comment: verdict and reasons, the per-target table (with the change against the
 * baseline), cost, and the newly failing / newly passing cases with output diffs. Case lists are
 * cut to stay under GitHub's comment limit, with a note saying how many were left out.
 */
export const markdownReporter: Reporter = {
  name: 'markdown',
  description: 'a pull-request comment: verdict, per-target table, changed cases with diffs, cost',
  extension: 'md',
  async *render(input: ReporterInput) {
    yield renderMarkdown(input);
  },
};

export function renderMarkdown(input: ReporterInput): string {
  const { run, report, comparison, verdict } = input;
  const head: string[] = [];
  head.push(
    `## Sextant eval: ${escapeInline(run.suite)}${verdict ? ` — ${VERDICT_HEADINGS[verdict.state]}` : ''}`,
  );
  head.push('');
  const against = comparison ? ` against baseline \`${escapeCode(comparison.baselineRunId)}\`` : '';
  head.push(
    `Run \`${escapeCode(run.runId)}\` (${escapeInline(run.gitBranch || 'no branch')} @ \`${escapeCode(run.gitSha.slice(0, 12))}\`, status ${run.status})${against}.`,
  );
  if (verdict) {
    head.push('');
    head.push(`**Verdict: ${verdict.state.toUpperCase()}** (exit code ${verdict.exitCode})`);
    for (const reason of verdict.reasons) head.push(`- ${escapeInline(reason)}`);
  }
  head.push('', '### Per target', '', ...targetTable(report.groups, comparison));
  head.push('', '### Cost', '', ...costLines(input));
  if (comparison && comparison.unpaired.length > 0) {
    head.push('', '### Not compared', '');
    for (const entry of comparison.unpaired)
      head.push(
        `- ${entry.side} \`${escapeCode(entry.targetId)}\` / \`${escapeCode(entry.promptId)}\`: ${escapeInline(entry.reason)}`,
      );
  }
  let text = head.join('\n');
  if (comparison) {
    const sections: [string, (group: GroupComparison) => CaseChange[], string][] = [
      ['Newly failing', (group) => group.newlyFailing, 'passed in the baseline, fails now'],
      ['Newly passing', (group) => group.newlyPassing, 'failed in the baseline, passes now'],
      [
        'Flaky in the baseline (not gated)',
        (group) => group.flakyInBaseline,
        'passed in some baseline repeats and failed in others',
      ],
    ];
    for (const [title, pick, meaning] of sections) {
      const items = comparison.groups.flatMap((group) =>
        pick(group).map((change) => ({ group, change })),
      );
      if (items.length === 0) continue;
      text += `\n\n### ${title} (${formatCount(items.length, items.length === 1 ? 'case' : 'cases')})\n\n_${meaning}_\n`;
      let shown = 0;
      for (const { group, change } of items) {
        const block = `\n\n${caseBlock(group, change)}`;
        if (text.length + block.length > MARKDOWN_CHARACTER_LIMIT - RESERVED_FOR_NOTES) break;
        text += block;
        shown += 1;
      }
      if (shown < items.length) {
        text += `\n\n> ${items.length - shown} more ${title.toLowerCase()} cases are not shown, to keep this comment under GitHub's ${MARKDOWN_CHARACTER_LIMIT.toLocaleString('en-US')}-character limit; the JSON report has all of them.`;
      }
    }
  }
  return `${text}\n`;
}

function targetTable(groups: readonly GroupReport[], comparison: RunComparison | null): string[] {
  const tests = new Map<string, MetricTest>();
  for (const group of comparison?.groups ?? []) {
    for (const test of group.metrics)
      tests.set(`${group.targetId}\u0000${group.candidatePromptId}\u0000${test.metric}`, test);
  }
  const withChange = comparison !== null;
  const header = [
    'Target',
    'Prompt',
    'Cases',
    'Passed / failed / errors',
    'Pass rate (95% CI)',
    ...(withChange ? ['Δ pass rate (95% CI)'] : []),
    'Mean score',
    'p50 / p95 latency',
    'Cost per success (95% CI)',
    ...(withChange ? ['Δ cost per success (95% CI)'] : []),
  ];
  const rows = groups.map((group) => {
    const key = (metric: string) =>
      tests.get(`${group.targetId}\u0000${group.promptId}\u0000${metric}`);
    const passTest = key('pass-rate');
    const costTest = key('cost-per-success');
    return [
      `\`${escapeCode(group.targetId)}\``,
      `\`${escapeCode(group.promptId)}\``,
      formatCount(group.cases, 'cases'),
      `${group.passed} / ${group.failed} / ${group.errors} results`,
      `${formatPercent(group.passRate)}${group.passRateInterval ? ` (${formatPercent(group.passRateInterval.lower)}–${formatPercent(group.passRateInterval.upper)})` : ''}`,
      ...(withChange
        ? [
            passTest
              ? `${marker(passTest)}${formatPoints(passTest.change)} (${formatPoints(passTest.interval.lower)} to ${formatPoints(passTest.interval.upper)})`
              : 'n/a',
          ]
        : []),
      formatScore(group.meanScore),
      `${formatMilliseconds(group.latencyMs.p50)} / ${formatMilliseconds(group.latencyMs.p95)}`,
      group.costPerSuccess.usd === null
        ? `n/a (${group.costPerSuccess.reason})`
        : `${formatUsd(group.costPerSuccess.usd)} (${formatUsd(group.costPerSuccess.interval.lower)}–${formatUsd(group.costPerSuccess.interval.upper)})`,
      ...(withChange
        ? [
            costTest
              ? `${marker(costTest)}${formatRelativeChange(costTest.change)} (${formatRelativeChange(costTest.interval.lower)} to ${formatRelativeChange(costTest.interval.upper)})`
              : 'n/a',
          ]
        : []),
    ].map(escapeCell);
  });
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function marker(test: MetricTest): string {
  return test.regressed ? '❌ regressed: ' : '';
}

function costLines(input: ReporterInput): string[] {
  const { totals } = input.report;
  const lines = [
    `- Target spend: ${formatUsd(totals.targetSpendUsd)}${totals.targetSpendUsd === null ? ' (a price is unknown)' : ''}; judge spend: ${formatUsd(totals.judgeSpendUsd)}`,
  ];
  for (const group of input.comparison?.groups ?? []) {
    const { baseline, candidate } = group.costPerSuccessUsd;
    const relative =
      baseline !== null && candidate !== null && baseline > 0 ? candidate / baseline - 1 : null;
    lines.push(
      `- \`${escapeCode(group.targetId)}\` cost per success on the ${formatCount(group.pairedCases, 'paired cases')}: ${formatUsd(baseline)} → ${formatUsd(candidate)} (${formatRelativeChange(relative)})`,
    );
  }
  return lines;
}

function caseBlock(group: GroupComparison, change: CaseChange): string {
  const reasons =
    change.candidate.reasons.length > 0 ? change.candidate.reasons : change.baseline.reasons;
  let diff = outputDiff(change.baseline.output, change.candidate.output);
  if (diff.length > DIFF_CHARACTER_LIMIT)
    diff = `${diff.slice(0, DIFF_CHARACTER_LIMIT)}\n… (diff cut at ${DIFF_CHARACTER_LIMIT.toLocaleString('en-US')} characters)`;
  const truncated =
    change.baseline.outputTruncated || change.candidate.outputTruncated
      ? '\n_Outputs were cut before comparison._\n'
      : '';
  return [
    `<details><summary><code>${escapeHtml(change.caseId)}</code> · ${escapeHtml(group.targetId)} · baseline ${change.baseline.passes}/${change.baseline.samples} passed → candidate ${change.candidate.passes}/${change.candidate.samples} passed</summary>`,
    '',
    ...reasons.map((reason) => `- ${escapeInline(reason)}`),
    '',
    codeFence(diff, 'diff'),
    truncated,
    '</details>',
  ].join('\n');
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeInline(text: string): string {
  return escapeHtml(text)
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
