import type { RunTotals } from '@sextant/clickhouse';
import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { describeDatabase, openDatabase } from '../clickhouse/open-database.js';
import { formatDuration, formatTime, formatUsdAmount } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { useColor } from '../output/use-color.js';
import { positiveInteger } from '../parse-numbers.js';
import { clickhouseOption } from './shared-options.js';

interface RunsArguments {
  suite?: string | undefined;
  branch?: string | undefined;
  limit: number;
  json: boolean;
  clickhouse?: string | undefined;
}

/** Results (with errors), pass rate and spend of a run; a run with no stored results shows dashes. */
function describeTotals(totals: RunTotals | undefined): string[] {
  if (totals === undefined) return ['0', '-', '-'];
  const errors = totals.errors === 0 ? '' : `, ${totals.errors} errors`;
  const unpriced = totals.unpricedResults === 0 ? '' : ` (${totals.unpricedResults} unpriced)`;
  return [
    `${totals.results}${errors}`,
    `${(totals.passRate * 100).toFixed(1)}%`,
    totals.costUsd === null ? `n/a${unpriced}` : `${formatUsdAmount(totals.costUsd)}${unpriced}`,
  ];
}

export function runsCommand(context: CommandContext): CommandModule<object, RunsArguments> {
  return {
    command: 'runs',
    describe: 'List recent eval runs by suite and branch, newest first',
    builder: (yargs) =>
      yargs.options({
        suite: { type: 'string', describe: 'only runs of this suite' },
        branch: { type: 'string', describe: 'only runs on this branch' },
        limit: { type: 'number', default: 20, describe: 'how many runs' },
        json: { type: 'boolean', default: false, describe: 'print JSON instead of a table' },
        ...clickhouseOption,
      }),
    async handler(argv) {
      const limit = positiveInteger('limit', argv.limit) ?? 20;
      const clickhouse = await openDatabase({
        url: argv.clickhouse,
        cwd: context.cwd,
        environment: context.environment,
      });
      try {
        const { queryRuns, queryRunTotals } = await import('@sextant/clickhouse');
        const runs = await queryRuns(clickhouse, {
          ...(argv.suite === undefined ? {} : { suite: argv.suite }),
          ...(argv.branch === undefined ? {} : { branch: argv.branch }),
          limit,
        });
        const totals = await queryRunTotals(clickhouse, { runIds: runs.map((run) => run.runId) });
        if (argv.json) {
          const listed = runs.map((run) => ({ ...run, totals: totals.get(run.runId) ?? null }));
          context.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
          return;
        }
        if (runs.length === 0) {
          context.stdout.write(
            `No runs in ${describeDatabase({ url: argv.clickhouse, environment: context.environment })}${argv.suite === undefined ? '' : ` for suite ${argv.suite}`}${argv.branch === undefined ? '' : ` on branch ${argv.branch}`}. Run \`sextant eval SUITE.yaml\` to make one.\n`,
          );
          return;
        }
        const rows = runs.map((run) => [
          run.runId,
          run.suite,
          run.gitBranch || '(none)',
          run.gitSha.slice(0, 12) || '(none)',
          run.status,
          run.verdict,
          ...describeTotals(totals.get(run.runId)),
          formatTime(run.startedAt),
          run.finishedAt === null ? 'n/a' : formatDuration(run.finishedAt - run.startedAt),
          run.baselineRunId ?? '(none)',
        ]);
        context.stdout.write(
          `${await renderTable({
            head: [
              'Run id',
              'Suite',
              'Branch',
              'Commit',
              'Status',
              'Verdict',
              'Results',
              'Pass rate',
              'Spend',
              'Started',
              'Duration',
              'Baseline run',
            ],
            rows,
            color: useColor({ stream: context.stdout, environment: context.environment }),
          })}\n${runs.length} runs, newest first.\n`,
        );
      } finally {
        await clickhouse.close();
      }
    },
  };
}
