/**
 * Builds the yargs program and runs one command. Commands import their heavy dependencies (the
 * eval runner, the ClickHouse engine, the OpenTelemetry SDK) only when they run, so
 * `sextant --help` stays fast and `sextant runs` never loads the SDK. Every error ends here:
 * one message on stderr and an exit code (see exit-codes.ts), never a stack for a user error.
 */
import { createRequire } from 'node:module';
import type YargsFactory from 'yargs';
import type { CommandContext } from './command-context.js';
import { compareCommand } from './commands/compare-command.js';
import { dbCommand } from './commands/db-command.js';
import { demoCommand } from './commands/demo-command.js';
import { evalCommand } from './commands/eval-command.js';
import { reportCommand } from './commands/report-command.js';
import { runsCommand } from './commands/runs-command.js';
import { simCommand } from './commands/sim-command.js';
import { tracesCommand } from './commands/traces-command.js';
import { EXIT_CONFIGURATION_ERROR } from './exit-codes.js';
import { reportError } from './report-error.js';

class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface RunCliOptions {
  argv: string[];
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Default `process.env`. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** Where output goes; default the process streams. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

// yargs' ESM build wraps help text at any character ("verdict (e / xit code)"); its CommonJS
// build wraps at word boundaries, so the CLI loads that one.
const yargs = createRequire(import.meta.url)('yargs') as typeof YargsFactory;

const EPILOGUE = `Exit codes: 0 pass (or nothing gated), 1 regressed, 2 configuration or usage error,
3 inconclusive (too few cases to tell), 4 incomplete (error rate over the cap, budget stop,
failed run), 5 internal error, 130 interrupted. Docs: packages/cli/README.md`;

export async function runCli(options: RunCliOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let exitCode = 0;
  const context: CommandContext = {
    cwd: options.cwd ?? process.cwd(),
    environment: options.environment ?? process.env,
    stdout,
    stderr,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = yargs(options.argv)
    .scriptName('sextant')
    .usage(
      '$0 <command> [options]\n\nEvaluate LLM prompts and models, gate CI on regressions, and read LLM traffic from ClickHouse.',
    )
    .command(evalCommand(context))
    .command(reportCommand(context))
    .command(compareCommand(context))
    .command(runsCommand(context))
    .command(tracesCommand(context))
    .command(dbCommand(context))
    .command(simCommand(context))
    .command(demoCommand(context))
    .demandCommand(1, 'Name a command; `sextant --help` lists them.')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, (stdout as NodeJS.WriteStream).columns ?? 100))
    // Throwing (not returning) stops yargs: a handler must never run after a usage error.
    .fail((message, error) => {
      if (error) throw error;
      throw new UsageError(message);
    })
    .exitProcess(false);
  try {
    await program.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(
        `sextant: ${error.message}\nRun \`sextant --help\` for the commands and options.\n`,
      );
      return EXIT_CONFIGURATION_ERROR;
    }
    return reportError({ error, stderr, environment: context.environment });
  }
  return exitCode;
}
