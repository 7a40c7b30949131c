import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import type { EvalResult } from '@sextant/spec';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load-suite.js';
import { testCatalog } from '../test-support/test-catalog.js';
import { openTestStore } from '../test-support/test-store.js';
import type { TestStore } from '../test-support/test-store.js';

const KEY = 'sk-sim-transport-test-1a2b3c4d5e6f';
// The simulator counts attempts per identical request, so each transport gets its own simulator,
// started alike: the n-th request of either run meets the same fault and the same answer.
const sims: LlmSim[] = [];
let testStore: TestStore;

beforeEach(async () => {
  for (let index = 0; index < 2; index += 1)
    sims.push(await startLlmSim({ port: 0, catalog: testCatalog, seed: 5, apiKeys: [KEY] }));
  testStore = await openTestStore();
});

afterEach(async () => {
  await testStore.close();
  for (const sim of sims.splice(0)) await sim.close();
});

// Each behaviour the SDKs handle differently: success streamed and not, a 429 retried after its
// retry-after, a 500 not retried, a connection reset, a stream cut and a malformed chunk mid-stream,
// a hang past the timeout, a wrong key.
const VARIANTS: Record<string, Record<string, string>> = {
  streamed: {},
  whole: { parameters: '{ stream: false, max_tokens: 300 }' },
  retried: {
    maxRetries: '2',
    headers: '{ x-sim-fault: "rate_limit,none", x-sim-retry-after: "0.05" }',
  },
  'server-error': { headers: '{ x-sim-fault: server_error }' },
  reset: { headers: '{ x-sim-fault: connection_reset }' },
  cut: { headers: '{ x-sim-fault: stream_cut }' },
  malformed: { headers: '{ x-sim-fault: malformed_chunk }' },
  hang: { headers: '{ x-sim-fault: hang }' },
  'wrong-key': { apiKeyEnv: 'WRONG_KEY' },
};

/**
 * The openai target on its own client (default) and on the SDK, and the anthropic SDK. The SDK
 * target asks another model (same answers): the simulator counts attempts per identical request,
 * so the same request from both openai targets would meet the second entry of a fault plan.
 */
const TARGET_KINDS: [string, string, Record<string, string>][] = [
  ['openai', 'openai', { model: 'sim-perfect' }],
  ['openai-sdk', 'openai', { client: 'sdk', model: 'sim-slow' }],
  ['anthropic', 'anthropic', { model: 'sim-perfect' }],
];

it('gives the same results on the node:http transport as on the platform fetch, for every client', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'sextant-transport-'));
  await writeFile(
    join(directory, 'cases.csv'),
    'id,ticket,intent\nc1,please refund my invoice → ünïcode,billing\nc2,the app crashes,technical\n',
  );
  const targets: string[] = [];
  for (const [label, provider, client] of TARGET_KINDS) {
    for (const [variant, extra] of Object.entries(VARIANTS)) {
      for (const transport of ['node-http', 'fetch']) {
        const options = {
          id: `${label}.${variant}.${transport}`,
          provider,
          ...client,
          baseURLEnv: provider === 'openai' ? 'SIM_OPENAI_URL' : 'SIM_ANTHROPIC_URL',
          apiKeyEnv: 'SIM_KEY',
          maxRetries: '0',
          transport,
          price: '{ inputPerMillion: 3, outputPerMillion: 15 }',
          ...extra,
        };
        const fields = Object.entries(options).map(([name, value]) => `${name}: ${value}`);
        targets.push(`  - { ${fields.join(', ')} }`);
      }
    }
  }
  await writeFile(
    join(directory, 'suite.yaml'),
    [
      'name: transport-parity',
      'prompts:',
      '  - id: v1\n    system: You triage tickets; answer JSON.\n    messages: [{ role: user, content: "{{ticket}}" }]',
      'dataset: cases.csv',
      'targets:',
      ...targets,
      'scorers:',
      '  - { type: json-path-equals, path: intent, value: "{{intent}}" }',
      'timeoutMs: 2000',
    ].join('\n'),
  );
  const suite = await loadSuite({ file: join(directory, 'suite.yaml'), cwd: directory });
  const results: EvalResult[] = [];
  for (const [index, transport] of ['node-http', 'fetch'].entries()) {
    const sim = sims[index] as LlmSim;
    const summary = await runSuite({
      suite,
      store: testStore.store,
      targetIds: suite.targets
        .map((target) => target.id)
        .filter((id) => id.endsWith(`.${transport}`)),
      environment: {
        SIM_KEY: KEY,
        WRONG_KEY: 'sk-sim-not-the-key-0000000000',
        SIM_OPENAI_URL: `${sim.url}/v1`,
        SIM_ANTHROPIC_URL: sim.url,
      },
      cache: { enabled: false },
      // A recording tracer, so each result carries the ids of a real span (compared below).
      tracerProvider: new BasicTracerProvider(),
    });
    results.push(...(await testStore.results(summary.runId)));
  }
  expect(results).toHaveLength(Object.keys(VARIANTS).length * TARGET_KINDS.length * 2 * 2);
  // Each run really went through its transport: only the platform fetch asks for compression.
  const [nodeHttpSim, fetchSim] = sims as [LlmSim, LlmSim];
  const encodings = (sim: LlmSim) =>
    new Set(sim.requests.map((request) => request.headers['accept-encoding'] ?? null));
  expect(nodeHttpSim.requests.length).toBeGreaterThan(0);
  expect([...encodings(nodeHttpSim)]).toEqual([null]);
  expect(encodings(fetchSim).has(null)).toBe(false);

  const seen = (result: EvalResult) => ({
    status: result.status,
    errorType: result.errorType,
    output: result.output,
    finishReason: result.finishReason,
    passed: result.passed,
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    costKnown: result.costUsd !== null,
    hasFirstChunk: result.timeToFirstChunkMs !== null,
    attempts: result.attempts,
    retries: result.retries,
    traced: result.traceId.length > 0 && result.spanId.length > 0,
  });
  const byTarget = new Map(
    results.map((result) => [`${result.targetId}/${result.caseId}`, result]),
  );
  for (const result of results.filter((each) => each.targetId.endsWith('.node-http'))) {
    const other = byTarget.get(
      `${result.targetId.replace(/node-http$/, 'fetch')}/${result.caseId}`,
    );
    expect({ target: result.targetId, ...seen(result) }).toEqual({
      target: result.targetId,
      ...seen(other as EvalResult),
    });
  }
  // The variants did what they say, so the comparison above covered each behaviour.
  const of = (target: string) => results.filter((result) => result.targetId === target);
  const traced = (result: EvalResult) => result.traceId !== '' && result.spanId !== '';
  expect(results.filter((result) => result.status === 'ok').every(traced)).toBe(true);
  for (const [provider] of TARGET_KINDS) {
    expect(of(`${provider}.streamed.node-http`).every((result) => result.passed)).toBe(true);
    expect(of(`${provider}.whole.node-http`).every((result) => result.passed)).toBe(true);
    expect(
      of(`${provider}.retried.node-http`).map((result) => [result.passed, result.retries]),
    ).toEqual([
      [true, 1],
      [true, 1],
    ]);
    expect(of(`${provider}.server-error.node-http`)[0]?.errorType).toBe('server_error');
    expect(of(`${provider}.reset.node-http`)[0]?.errorType).toBe('connection');
    expect(of(`${provider}.hang.node-http`)[0]?.errorType).toBe('timeout');
    expect(of(`${provider}.wrong-key.node-http`)[0]?.errorType).toBe('authentication');
  }
});
