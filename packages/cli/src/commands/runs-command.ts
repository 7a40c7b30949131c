import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { describeDatabase, openDatabase } from '../clickhouse/open-database.js';
import { formatDuration, formatTime } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { useColor } from '../output/use-color.js';
import { positiveInteger } from '../parse-numbers.js';

interface RunsArguments {
  suite?: string | undefined;
  branch?: string | undefined;
  limit: number;
  json: boolean;
  clickhouse?: string | undefined;
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
        clickhouse: {
          type: 'string',
          describe: 'ClickHouse server URL [default: $SEXTANT_CLICKHOUSE_URL, else embedded]',
        },
      }),
    async handler(argv) {
      const limit = positiveInteger('limit', argv.limit) ?? 20;
      const clickhouse = await openDatabase({
        url: argv.clickhouse,
        cwd: context.cwd,
        environment: context.environment,
      });
      try {
        const { queryRuns } = await import('@sextant/clickhouse');
        const runs = await queryRuns(clickhouse, {
          ...(argv.suite === undefined ? {} : { suite: argv.suite }),
          ...(argv.branch === undefined ? {} : { branch: argv.branch }),
          limit,
        });
        if (argv.json) {
          context.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
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
