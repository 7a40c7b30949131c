import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { lazyDatabase } from '../clickhouse/lazy-database.js';
import { parseOutputOptions } from '../eval/parse-output-option.js';
import { parseRunReference, resolveRunReference } from '../eval/resolve-run-reference.js';
import { showReport } from '../eval/show-report.js';
import { useColor } from '../output/use-color.js';
import { nonNegativeInteger } from '../parse-numbers.js';
import { CliUserError } from '../user-error.js';
import { clickhouseOption, reportOutOption, seedOption } from './shared-options.js';

interface ReportArguments {
  run: string;
  suite?: string | undefined;
  branch?: string | undefined;
  out: string[];
  clickhouse?: string | undefined;
  seed?: number | undefined;
}

export function reportCommand(context: CommandContext): CommandModule<object, ReportArguments> {
  return {
    command: 'report [run]',
    describe: 'Show the report of a run (a run id, latest[:BRANCH], or a results .json file)',
    builder: (yargs) =>
      yargs
        .positional('run', {
          type: 'string',
          default: 'latest',
          describe: 'run id, latest[:BRANCH], or results .json file',
        })
        .options({
          suite: { type: 'string', describe: 'with latest: the newest run of this suite' },
          branch: { type: 'string', describe: 'with latest: the newest run on this branch' },
          ...reportOutOption,
          ...clickhouseOption,
          ...seedOption,
        }),
    async handler(argv) {
      const outputs = parseOutputOptions(argv.out);
      const reference = parseRunReference({ text: argv.run, cwd: context.cwd });
      const database = lazyDatabase({
        url: argv.clickhouse,
        cwd: context.cwd,
        environment: context.environment,
      });
      try {
        const resolved = await resolveRunReference({
          reference,
          suite: reference.kind === 'latest' ? (argv.suite ?? null) : null,
          defaultBranch: argv.branch ?? null,
          ...database,
        });
        if (resolved === null) {
          throw new CliUserError(
            `${database.where} has no run${argv.suite === undefined ? '' : ` of suite ${argv.suite}`}${reference.kind === 'latest' && (reference.branch ?? argv.branch) !== undefined ? ` on branch ${reference.branch ?? argv.branch}` : ''} yet; run \`sextant eval SUITE.yaml\` first`,
          );
        }
        const { buildRunReport } = await import('@sextant/eval');
        const seed = nonNegativeInteger('seed', argv.seed);
        const report = await buildRunReport({
          run: resolved.run,
          results: resolved.results(),
          ...(seed === undefined ? {} : { seed }),
        });
        const input = {
          run: resolved.run,
          report,
          comparison: null,
          verdict: null,
          results: resolved.results,
        };
        await showReport({
          input,
          color: useColor({ stream: context.stdout, environment: context.environment }),
          ...(resolved.run.verdict === 'none'
            ? {}
            : {
                note: `Verdict stored when it ran: ${resolved.run.verdict.toUpperCase()} (\`sextant compare\` shows the comparison)\n`,
              }),
          outputs,
          suite: resolved.run.suite,
          several: false,
          cwd: context.cwd,
          stdout: context.stdout,
          // Only eval and compare append to GITHUB_STEP_SUMMARY; report never did (left as it was).
          environment: {},
        });
      } finally {
        await database.close();
      }
    },
  };
}
