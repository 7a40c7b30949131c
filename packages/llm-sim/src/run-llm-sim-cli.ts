import { parseArgs } from 'node:util';
import { startLlmSim, type LlmSim } from './start-llm-sim.js';

export const LLM_SIM_USAGE =
  'usage: sextant-llm-sim [--port 8787] [--host 127.0.0.1] [--catalog FILE.yaml] [--seed 0] [--latency-scale 1] [--no-faults] [--api-key KEY]...';

/** Thrown for bad command-line arguments; the message names the flag and the expected value. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * The `sextant-llm-sim` command without the process around it: parses `argv`, starts the
 * simulator and writes where it listens. Returns null for `--help`. The request log is off, as
 * a long-running server would otherwise grow it without bound.
 */
export async function runLlmSimCli(options: {
  argv: readonly string[];
  write: (text: string) => void;
}): Promise<LlmSim | null> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...options.argv],
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
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) {
    options.write(`${LLM_SIM_USAGE}\n`);
    return null;
  }
  const sim = await startLlmSim({
    port: parseNumber(values.port, '--port'),
    host: values.host,
    seed: parseNumber(values.seed, '--seed'),
    latencyScale: parseNumber(values['latency-scale'], '--latency-scale'),
    catalogFaults: !values['no-faults'],
    requestLog: false,
    ...(values.catalog === undefined ? {} : { catalog: values.catalog }),
    ...(values['api-key'] === undefined ? {} : { apiKeys: values['api-key'] }),
  });
  options.write(
    `sextant llm-sim (simulated models, not real ones) listening on ${sim.url}\n` +
      `  OpenAI clients: baseURL ${sim.url}/v1   Anthropic clients: baseURL ${sim.url}\n` +
      `  models: ${sim.models.join(', ')}\n`,
  );
  return sim;
}

function parseNumber(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new CliUsageError(`${flag} must be a number >= 0, got "${text}"`);
  }
  return value;
}
