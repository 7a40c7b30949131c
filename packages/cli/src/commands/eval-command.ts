import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { gateFlags, gateOptions } from './gate-options.js';
import type { GateArguments } from './gate-options.js';
import { useColor } from '../output/use-color.js';
import { nonNegativeInteger, parseBudget, positiveInteger } from '../parse-numbers.js';
import { clickhouseOption, seedOption } from './shared-options.js';

interface EvalArguments extends GateArguments {
  suites: string[];
  targets?: string[] | undefined;
  prompts?: string[] | undefined;
  repeats?: number | undefined;
  concurrency?: number | undefined;
  budget?: string | undefined;
  cache: boolean;
  'cache-dir'?: string | undefined;
  resume?: string | undefined;
  'run-id'?: string | undefined;
  shard?: string | undefined;
  out: string[];
  baseline: string[];
  'baseline-branch': string;
  'changed-since'?: string | undefined;
  clickhouse?: string | undefined;
  branch?: string | undefined;
  seed?: number | undefined;
}

export function evalCommand(context: CommandContext): CommandModule<object, EvalArguments> {
  return {
    command: 'eval <suites..>',
    describe: 'Run suites, store results in ClickHouse, report, and gate against a baseline',
    builder: (yargs) =>
      yargs
        .positional('suites', {
          type: 'string',
          array: true,
          demandOption: true,
          describe: 'suite YAML files',
        })
        .options({
          targets: { type: 'string', array: true, describe: 'run only these target ids' },
          prompts: {
            type: 'string',
            array: true,
            describe: 'run only these prompt versions (ids)',
          },
          repeats: { type: 'number', describe: "repeats per case (default: the suite's)" },
          concurrency: {
            type: 'number',
            describe: "calls in flight at once (default: the suite's)",
          },
          budget: { type: 'string', describe: 'stop scheduling past this spend in USD, or none' },
          cache: {
            type: 'boolean',
            default: true,
            describe: 'reuse cached responses (--no-cache to call every time)',
          },
          'cache-dir': {
            type: 'string',
            describe: 'response cache directory [default: .sextant/cache]',
          },
          resume: {
            type: 'string',
            describe: 'continue run RUN_ID, skipping the results it already has',
          },
          'run-id': {
            type: 'string',
            describe: 'id for the new run (give every shard the same one)',
          },
          shard: { type: 'string', describe: 'run shard K/N of the work (e.g. 2/4)' },
          out: {
            type: 'string',
            array: true,
            default: [],
            describe:
              'write a report: FORMAT=PATH (json, junit, markdown, csv, terminal; PATH - is stdout)',
          },
          baseline: {
            type: 'string',
            array: true,
            default: [],
            describe: 'compare with: a run id, latest[:BRANCH], or a results .json file',
          },
          'baseline-branch': {
            type: 'string',
            default: 'main',
            describe: 'branch of a plain --baseline latest',
          },
          'changed-since': {
            type: 'string',
            describe: 'run only suites whose files changed since this git ref',
          },
          ...clickhouseOption,
          branch: {
            type: 'string',
            describe: 'branch recorded on the run [default: from GitHub Actions or git]',
          },
          ...seedOption,
          ...gateOptions,
        }),
    async handler(argv) {
      const { runEval } = await import('../eval/run-eval.js');
      const controller = new AbortController();
      const interrupt = (): void => controller.abort();
      process.once('SIGINT', interrupt);
      try {
        const result = await runEval({
          suites: argv.suites,
          targets: argv.targets,
          prompts: argv.prompts,
          repeats: positiveInteger('repeats', argv.repeats),
          concurrency: positiveInteger('concurrency', argv.concurrency),
          budgetUsd: parseBudget(argv.budget),
          cache: argv.cache,
          cacheDirectory: argv['cache-dir'],
          resume: argv.resume,
          runId: argv['run-id'],
          shard: argv.shard,
          out: argv.out,
          baseline: argv.baseline,
          baselineBranch: argv['baseline-branch'],
          gate: gateFlags(argv),
          changedSince: argv['changed-since'],
          clickhouse: argv.clickhouse,
          branch: argv.branch,
          seed: nonNegativeInteger('seed', argv.seed),
          cwd: context.cwd,
          environment: context.environment,
          stdout: context.stdout,
          stderr: context.stderr,
          interactive: (context.stderr as NodeJS.WriteStream).isTTY === true,
          color: useColor({ stream: context.stdout, environment: context.environment }),
          signal: controller.signal,
        });
        context.setExitCode(result.exitCode);
      } finally {
        process.off('SIGINT', interrupt);
      }
    },
  };
}
