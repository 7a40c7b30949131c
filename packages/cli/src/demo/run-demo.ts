/**
 * `sextant demo`: the whole loop on this machine, with no server and no API key. Starts the LLM
 * simulator in-process, runs the support-triage suite with its tuned prompt across three
 * simulated price tiers into the embedded ClickHouse, prints the report (cost per successful
 * task included), then runs a changed prompt against that run as the baseline and prints the
 * gate's verdict. It says plainly that the models are simulated. Exits 0 when the demo ran as
 * intended, whatever the verdict (the verdict's exit code is printed, as CI would see it).
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalSession, RunEvalOptions } from '../eval/run-eval.js';
import { formatDuration } from '../output/format.js';
import { CliUserError } from '../user-error.js';

export const DEMO_SUITE = fileURLToPath(
  new URL('../../../../evals/support-triage/suite.yaml', import.meta.url),
);
const SEXTANT_BIN = fileURLToPath(new URL('../../bin/sextant.js', import.meta.url));
export const DEMO_BASELINE_PROMPT = 'triage-v1';
export const DEMO_CANDIDATE_PROMPT = 'triage-v2-casual';

export interface RunDemoOptions {
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  interactive: boolean;
  color: boolean;
  /** Default: evals/support-triage/suite.yaml of this checkout. */
  suite?: string;
  /** Multiplies the simulated latencies (default 0.1, so the demo takes seconds). */
  latencyScale?: number;
  clickhouse?: string | undefined;
  now?: () => number;
}

export async function runDemo(options: RunDemoOptions): Promise<number> {
  const { stdout } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const suite = options.suite ?? DEMO_SUITE;
  const latencyScale = options.latencyScale ?? 0.1;
  const rule = '─'.repeat(78);
  // The hints name paths as seen from where the user stands, which need not be the checkout.
  const fromCwd = (path: string) => relative(options.cwd, path);
  const sextant = `node ${fromCwd(SEXTANT_BIN)}`;
  const realModelsGuide = fromCwd(join(dirname(resolve(options.cwd, suite)), 'README.md'));
  stdout.write(
    `${rule}\nSextant demo\n\n` +
      'THE MODELS IN THIS DEMO ARE SIMULATED. sim-premium, sim-balanced and sim-budget are served by\n' +
      '@sextant/llm-sim on this machine: keyword rules and seeded draws, not language models. The\n' +
      'prices are made-up premium, balanced and budget tiers; no API key is used and nothing leaves\n' +
      `this machine. Latencies are scaled by ${latencyScale}. To evaluate real models, see\n` +
      `${realModelsGuide} (an API key, or an OpenAI-compatible baseURL such as Ollama).\n` +
      `${rule}\n`,
  );
  const [
    { startLlmSim },
    { openDatabase },
    { ClickHouseResultStore },
    { startTelemetry },
    { runEval },
  ] = await Promise.all([
    import('@sextant/llm-sim'),
    import('../clickhouse/open-database.js'),
    import('@sextant/clickhouse'),
    import('../eval/start-telemetry.js'),
    import('../eval/run-eval.js'),
  ]);
  const sim = await startLlmSim({ port: 0, latencyScale, requestLog: false });
  const environment = { ...options.environment, SEXTANT_SIM_BASE_URL: `${sim.url}/v1` };
  stdout.write(`Simulator listening on ${sim.url} (OpenAI-compatible API at ${sim.url}/v1).\n`);
  let session: EvalSession | undefined;
  try {
    const clickhouse = await openDatabase({
      url: options.clickhouse,
      cwd: options.cwd,
      environment,
    });
    session = {
      clickhouse,
      store: new ClickHouseResultStore({ clickhouse }),
      telemetry: await startTelemetry({ clickhouse, environment }),
    };
    const common: Omit<RunEvalOptions, 'prompts' | 'baseline'> = {
      suites: [suite],
      cache: false,
      out: [],
      baselineBranch: 'demo',
      branch: 'demo',
      gate: {},
      cwd: options.cwd,
      environment,
      stdout,
      stderr: options.stderr,
      interactive: options.interactive,
      color: options.color,
      session,
    };
    stdout.write(
      `\nStep 1 of 2: the current prompt (${DEMO_BASELINE_PROMPT}) on three simulated tiers. Every ticket's\n` +
        'answer must be valid JSON with the right intent, priority and needs_human flag.\n',
    );
    const first = await runEval({ ...common, prompts: [DEMO_BASELINE_PROMPT], baseline: [] });
    const baselineRun = first.runs[0];
    if (baselineRun === undefined)
      throw new CliUserError('the baseline run of the demo did not run');
    stdout.write(
      `\nStep 2 of 2: a pull request rewrites the prompt (${DEMO_CANDIDATE_PROMPT}): friendlier and shorter,\n` +
        'but it drops the priority levels and the escalation rules. The gate compares it with run\n' +
        `${baselineRun.runId} case by case.\n`,
    );
    const second = await runEval({
      ...common,
      prompts: [DEMO_CANDIDATE_PROMPT],
      baseline: [baselineRun.runId],
    });
    const candidateRun = second.runs[0];
    const verdict = candidateRun?.verdict;
    stdout.write(
      `\n${rule}\nGate verdict for the prompt change: ${verdict?.state.toUpperCase() ?? 'NONE'} — \`sextant eval\` would exit with code ${second.exitCode}` +
        `${second.exitCode === 1 ? ', failing the CI job' : ''}.\n` +
        `Done in ${formatDuration(now() - started)}. The models above were simulated.\n\n` +
        'Next:\n' +
        `  ${sextant} runs\n      recent runs in .sextant/clickhouse\n` +
        `  ${sextant} compare ${baselineRun.runId} ${candidateRun?.runId ?? 'RUN'}\n      the gate's comparison again\n` +
        `  ${sextant} traces --since 15m\n      the calls, from otel_traces\n` +
        `  ${realModelsGuide}\n      run the suite on real models\n` +
        `${rule}\n`,
    );
    return 0;
  } finally {
    await session?.telemetry.shutdown();
    await session?.store.close().catch(() => undefined);
    await session?.clickhouse.close().catch(() => undefined);
    await sim.close();
  }
}
