import { parseArgs } from 'node:util';
import { startLlmSim } from './start-llm-sim.js';

/**
 * `sextant-llm-sim [--port 8787] [--host 127.0.0.1] [--catalog file.yaml] [--seed 0]
 * [--latency-scale 1] [--no-faults] [--api-key KEY]...` — runs the simulator until SIGINT/SIGTERM.
 */
const usage =
  'usage: sextant-llm-sim [--port N] [--host H] [--catalog FILE.yaml] [--seed N] [--latency-scale X] [--no-faults] [--api-key KEY]...';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      catalog: { type: 'string' },
      seed: { type: 'string', default: '0' },
      'latency-scale': { type: 'string', default: '1' },
      'no-faults': { type: 'boolean', default: false },
      'api-key': { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = parseNumber(values.port, '--port');
  const seed = parseNumber(values.seed, '--seed');
  const latencyScale = parseNumber(values['latency-scale'], '--latency-scale');
  const sim = await startLlmSim({
    port,
    host: values.host,
    seed,
    latencyScale,
    catalogFaults: !values['no-faults'],
    requestLog: false,
    ...(values.catalog === undefined ? {} : { catalog: values.catalog }),
    ...(values['api-key'] === undefined ? {} : { apiKeys: values['api-key'] }),
  });
  process.stdout.write(
    `sextant llm-sim (simulated models, not real ones) listening on ${sim.url}\n` +
      `  OpenAI clients: baseURL ${sim.url}/v1   Anthropic clients: baseURL ${sim.url}\n` +
      `  models: ${sim.models.join(', ')}\n`,
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parseNumber(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${flag} must be a number >= 0, got "${text}"`);
  }
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`sextant-llm-sim: ${(error as Error).message}\n${usage}\n`);
  process.exit(2);
});
