import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { lazyDatabase } from '../clickhouse/lazy-database.js';
import { gateSettingsOfRun } from '../eval/gate-settings-of-run.js';
import { parseOutputOptions } from '../eval/parse-output-option.js';
import { parseRunReference, resolveRunReference } from '../eval/resolve-run-reference.js';
import { showReport } from '../eval/show-report.js';
import { useColor } from '../output/use-color.js';
import { nonNegativeInteger } from '../parse-numbers.js';
import { CliUserError } from '../user-error.js';
import { gateFlags, gateOptions } from './gate-options.js';
import type { GateArguments } from './gate-options.js';
import { clickhouseOption, reportOutOption, seedOption } from './shared-options.js';

interface CompareArguments extends GateArguments {
  baseline: string;
  candidate: string;
  'baseline-branch': string;
  out: string[];
  clickhouse?: string | undefined;
  seed?: number | undefined;
}

export function compareCommand(context: CommandContext): CommandModule<object, CompareArguments> {
  return {
    command: 'compare <baseline> <candidate>',
    describe: 'Compare two runs case by case and give the gate verdict (exit code)',
    builder: (yargs) =>
      yargs
        .positional('baseline', {
          type: 'string',
          demandOption: true,
          describe: 'run id, latest[:BRANCH], or results .json file',
        })
        .positional('candidate', {
          type: 'string',
          demandOption: true,
          describe: 'run id, latest[:BRANCH], or results .json file',
        })
        .options({
          'baseline-branch': {
            type: 'string',
            default: 'main',
            describe: 'branch of a plain latest baseline',
          },
          ...reportOutOption,
          ...clickhouseOption,
          ...seedOption,
          ...gateOptions,
        }),
    async handler(argv) {
      const outputs = parseOutputOptions(argv.out);
      const seed = nonNegativeInteger('seed', argv.seed);
      const { cwd, environment } = context;
      const database = lazyDatabase({ url: argv.clickhouse, cwd, environment });
      try {
        const candidate = await resolveRunReference({
          reference: parseRunReference({ text: argv.candidate, cwd }),
          suite: null,
          defaultBranch: null,
          ...database,
        });
        if (candidate === null)
          throw new CliUserError(
            `${database.where} has no run yet to be the candidate ${argv.candidate}`,
          );
        const baseline = await resolveRunReference({
          reference: parseRunReference({ text: argv.baseline, cwd }),
          suite: candidate.run.suite,
          defaultBranch: argv['baseline-branch'],
          ...database,
        });
        if (baseline === null) {
          throw new CliUserError(
            `${database.where} has no completed run of suite ${candidate.run.suite} for baseline ${argv.baseline}${argv.baseline === 'latest' ? ` on branch ${argv['baseline-branch']}` : ''}`,
          );
        }
        const { buildRunReport, compareRuns } = await import('@sextant/eval');
        const settings = await gateSettingsOfRun({ run: candidate.run, flags: gateFlags(argv) });
        const seeded = seed === undefined ? {} : { seed };
        const report = await buildRunReport({
          run: candidate.run,
          results: candidate.results(),
          ...seeded,
        });
        const comparison = await compareRuns({
          baseline: { run: baseline.run, results: baseline.results() },
          candidate: { run: candidate.run, results: candidate.results() },
          settings,
          ...seeded,
        });
        const input = {
          run: candidate.run,
          report,
          comparison,
          verdict: comparison.verdict,
          results: candidate.results,
        };
        await showReport({
          input,
          color: useColor({ stream: context.stdout, environment }),
          outputs,
          suite: candidate.run.suite,
          several: false,
          cwd,
          stdout: context.stdout,
          environment,
        });
        context.setExitCode(comparison.verdict.exitCode);
      } finally {
        await database.close();
      }
    },
  };
}
