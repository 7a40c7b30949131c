/**
 * `sextant eval` with --shard, --run-id, --resume and OTLP export, through the spawned binary:
 * two shards write one run, a resume asks only for what the run lacks (counted at the
 * simulator), and every model call's span reaches an OTLP/HTTP receiver run by this test.
 * The runner's own resume and shard logic is unit-tested in @sextant/eval; these tests check
 * that the CLI wires it to the store, the report and the exit code.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './test-support/paths.js';
import { runSextant } from './test-support/run-sextant.js';
import type { SextantRun } from './test-support/run-sextant.js';
import { temporaryDirectories } from './test-support/temporary-directory.js';

const SUITE = join(FIXTURES, 'tiny-triage/suite.yaml');
const CASES = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
const API_KEY = 'sk-sextant-test-key-never-exported-0123456789';

let sim: LlmSim;
const workspaces = temporaryDirectories();

beforeAll(async () => {
  sim = await startLlmSim({ port: 0, latencyScale: 0, catalogFaults: false });
});
afterAll(async () => {
  await sim.close();
  await workspaces.removeAll();
});

const workspace = (name: string): Promise<string> => workspaces.create(name);

function sextant(
  cwd: string,
  args: string[],
  environment: Record<string, string> = {},
): Promise<SextantRun> {
  return runSextant({
    args,
    cwd,
    environment: { SEXTANT_SIM_BASE_URL: `${sim.url}/v1`, OPENAI_API_KEY: API_KEY, ...environment },
  });
}

/** Chat calls the simulator received for these case texts (its log is shared by the file's tests). */
function chatCallsSince(sequence: number): number {
  return sim.requests.filter(
    (request) => request.sequence >= sequence && request.path === '/v1/chat/completions',
  ).length;
}

const nextSequence = (): number => sim.requests.length;

interface ResultsJson {
  run: { runId: string; status: string };
  results: { caseId: string; status: string }[];
}

async function readResults(cwd: string, file: string): Promise<ResultsJson> {
  return JSON.parse(await readFile(join(cwd, file), 'utf8')) as ResultsJson;
}

/** The stored run row's status, as `sextant runs --json` lists it. */
async function runStatus(cwd: string, runId: string): Promise<string | undefined> {
  const runs = await sextant(cwd, ['runs', '--json']);
  expect(runs.exitCode, runs.stderr).toBe(0);
  const listed = JSON.parse(runs.stdout) as { runId: string; status: string }[];
  return listed.find((run) => run.runId === runId)?.status;
}

/** `sextant eval --run-id RUN --shard K/N`, which must succeed. */
async function evalShard(cwd: string, runId: string, shard: string): Promise<void> {
  const run = await sextant(cwd, [
    'eval',
    SUITE,
    '--no-cache',
    '--run-id',
    runId,
    '--shard',
    shard,
  ]);
  expect(run.exitCode, run.stderr).toBe(0);
}

/** The run's stored results, through `sextant report RUN --out json=…`. */
async function reportResults(cwd: string, runId: string): Promise<ResultsJson> {
  const file = `${runId}.json`;
  const report = await sextant(cwd, ['report', runId, '--out', `json=${file}`]);
  expect(report.exitCode, report.stderr).toBe(0);
  return readResults(cwd, file);
}

describe('sextant eval: shards, resume and OTLP', { timeout: 150_000 }, () => {
  it('two shards with one run id write one run, completed once both are in, every case once', async () => {
    const cwd = await workspace('shards');
    const before = nextSequence();
    await evalShard(cwd, 'sharded-run', '1/2');
    const afterFirst = chatCallsSince(before);
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(CASES.length);
    expect(await runStatus(cwd, 'sharded-run')).toBe('running');

    await evalShard(cwd, 'sharded-run', '2/2');
    expect(chatCallsSince(before)).toBe(CASES.length);
    expect(await runStatus(cwd, 'sharded-run')).toBe('completed');

    const json = await reportResults(cwd, 'sharded-run');
    expect(json.run.runId).toBe('sharded-run');
    expect(json.results.map((result) => result.caseId).sort()).toEqual(CASES);
  });

  it('a resume after a partial run calls only the missing cases, and a second resume none', async () => {
    const cwd = await workspace('resume');
    await evalShard(cwd, 'resumed-run', '1/3');
    const done = (await reportResults(cwd, 'resumed-run')).results.map((result) => result.caseId);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(CASES.length);

    const before = nextSequence();
    const resumed = await sextant(cwd, [
      'eval',
      SUITE,
      '--no-cache',
      '--resume',
      'resumed-run',
      '--out',
      'json=whole.json',
    ]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(chatCallsSince(before)).toBe(CASES.length - done.length);
    const whole = await readResults(cwd, 'whole.json');
    expect(whole.run).toMatchObject({ runId: 'resumed-run', status: 'completed' });
    expect(whole.results.map((result) => result.caseId).sort()).toEqual(CASES);

    const again = nextSequence();
    const nothingLeft = await sextant(cwd, [
      'eval',
      SUITE,
      '--no-cache',
      '--resume',
      'resumed-run',
    ]);
    expect(nothingLeft.exitCode, nothingLeft.stderr).toBe(0);
    expect(chatCallsSince(again)).toBe(0);
  });

  it('a resume of a run that does not exist is a configuration error (exit 2) with no calls', async () => {
    const cwd = await workspace('resume-missing');
    const before = nextSequence();
    const run = await sextant(cwd, ['eval', SUITE, '--no-cache', '--resume', 'no-such-run']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/no-such-run/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(chatCallsSince(before)).toBe(0);
  });

  it('sends a span per model call over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const received: string[] = [];
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') received.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const cwd = await workspace('otlp');
      const run = await sextant(cwd, ['eval', SUITE, '--no-cache'], {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'sextant-otlp-test',
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain(`OTLP/HTTP (http://127.0.0.1:${port})`);

      const spans = received.flatMap((body) => {
        const payload = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: {
              spans: { name: string; attributes: { key: string; value: unknown }[] }[];
            }[];
          }[];
        };
        return payload.resourceSpans.flatMap((resource) => {
          const service = resource.resource.attributes.find(
            (attribute) => attribute.key === 'service.name',
          )?.value.stringValue;
          return resource.scopeSpans.flatMap((scope) =>
            scope.spans.map((span) => ({ service, ...span })),
          );
        });
      });
      const calls = spans.filter((span) => span.name === 'chat sim-premium');
      expect(calls).toHaveLength(CASES.length);
      for (const span of calls) {
        expect(span.service).toBe('sextant-otlp-test');
        const keys = span.attributes.map((attribute) => attribute.key);
        expect(keys).toEqual(
          expect.arrayContaining([
            'gen_ai.usage.input_tokens',
            'gen_ai.usage.output_tokens',
            'sextant.eval.case_id',
          ]),
        );
      }
      const caseIds = calls.map(
        (span) =>
          (
            span.attributes.find((attribute) => attribute.key === 'sextant.eval.case_id')
              ?.value as { stringValue: string }
          ).stringValue,
      );
      expect(caseIds.sort()).toEqual(CASES);
      expect(received.join('\n')).not.toContain(API_KEY);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
