import { LLM_SIM_USAGE, runLlmSimCli } from './run-llm-sim-cli.js';

/** The `sextant-llm-sim` executable: runs the simulator until SIGINT or SIGTERM. */
try {
  const sim = await runLlmSimCli({
    argv: process.argv.slice(2),
    write: (text) => process.stdout.write(text),
  });
  if (sim) {
    const stop = (): void => {
      void sim.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
} catch (error) {
  process.stderr.write(`sextant-llm-sim: ${(error as Error).message}\n${LLM_SIM_USAGE}\n`);
  process.exit(2);
}
