import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { useColor } from '../output/use-color.js';
import { CliUserError } from '../user-error.js';
import { clickhouseOption } from './shared-options.js';

interface DemoArguments {
  suite?: string | undefined;
  'latency-scale': number;
  clickhouse?: string | undefined;
}

export function demoCommand(context: CommandContext): CommandModule<object, DemoArguments> {
  return {
    command: 'demo',
    describe:
      'Run the support-triage demo on simulated models: report, cost per success, then a gated prompt change',
    builder: (yargs) =>
      yargs.options({
        suite: {
          type: 'string',
          describe: 'suite file [default: evals/support-triage/suite.yaml]',
        },
        'latency-scale': {
          type: 'number',
          default: 0.1,
          describe: 'multiplies the simulated latencies',
        },
        ...clickhouseOption,
      }),
    async handler(argv) {
      if (!(argv['latency-scale'] >= 0)) {
        throw new CliUserError(
          `--latency-scale ${String(argv['latency-scale'])}: expected a number >= 0`,
        );
      }
      const { runDemo } = await import('../demo/run-demo.js');
      context.setExitCode(
        await runDemo({
          cwd: context.cwd,
          environment: context.environment,
          stdout: context.stdout,
          stderr: context.stderr,
          interactive: (context.stderr as NodeJS.WriteStream).isTTY === true,
          color: useColor({ stream: context.stdout, environment: context.environment }),
          latencyScale: argv['latency-scale'],
          clickhouse: argv.clickhouse,
          ...(argv.suite === undefined ? {} : { suite: argv.suite }),
        }),
      );
    },
  };
}
