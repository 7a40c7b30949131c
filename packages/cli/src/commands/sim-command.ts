import type { CommandModule } from 'yargs';
import type { CommandContext } from '../command-context.js';
import { nonNegativeInteger } from '../parse-numbers.js';
import { CliUserError } from '../user-error.js';

interface SimArguments {
  port: number;
  host: string;
  seed: number;
  'latency-scale': number;
  catalog?: string | undefined;
  faults: boolean;
}

/** Serves the simulator until SIGINT/SIGTERM; the first line printed is its URL, for scripts. */
export function simCommand(context: CommandContext): CommandModule<object, SimArguments> {
  return {
    command: 'sim',
    describe:
      'Serve the LLM simulator (OpenAI and Anthropic APIs, simulated models) and print its URL',
    builder: (yargs) =>
      yargs.options({
        port: { type: 'number', default: 8787, describe: 'port (0 picks a free one)' },
        host: { type: 'string', default: '127.0.0.1', describe: 'address to listen on' },
        seed: { type: 'number', default: 0, describe: 'seed of every draw' },
        'latency-scale': {
          type: 'number',
          default: 1,
          describe: 'multiplies simulated delays (0 = none)',
        },
        catalog: { type: 'string', describe: 'catalog YAML file [default: the shipped catalog]' },
        faults: {
          type: 'boolean',
          default: true,
          describe: "inject the catalog's faults (--no-faults to turn off)",
        },
      }),
    async handler(argv) {
      const port = nonNegativeInteger('port', argv.port) ?? 8787;
      const seed = nonNegativeInteger('seed', argv.seed) ?? 0;
      if (!(argv['latency-scale'] >= 0)) {
        throw new CliUserError(
          `--latency-scale ${String(argv['latency-scale'])}: expected a number >= 0`,
        );
      }
      const { startLlmSim } = await import('@sextant/llm-sim');
      let sim: Awaited<ReturnType<typeof startLlmSim>>;
      try {
        sim = await startLlmSim({
          port,
          host: argv.host,
          seed,
          latencyScale: argv['latency-scale'],
          catalogFaults: argv.faults,
          requestLog: false,
          ...(argv.catalog === undefined ? {} : { catalog: argv.catalog }),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          throw new CliUserError(
            `cannot listen on ${argv.host}:${port} (${code}); choose another --port (0 picks a free one)`,
          );
        }
        if (code === 'ENOENT')
          throw new CliUserError(`--catalog ${argv.catalog ?? ''}: no such file`);
        throw error;
      }
      context.stdout.write(
        `${sim.url}\n` +
          'sextant llm-sim: SIMULATED models (rules and seeded draws), not real language models.\n' +
          `  OpenAI clients: baseURL ${sim.url}/v1   Anthropic clients: baseURL ${sim.url}\n` +
          `  models: ${sim.models.join(', ')}\n` +
          '  Ctrl-C stops it.\n',
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sim.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  };
}
