import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SuiteError } from '../errors/suite-error.js';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load-suite.js';
import { testCatalog } from '../test-support/test-catalog.js';
import { openTestStore } from '../test-support/test-store.js';
import type { TestStore } from '../test-support/test-store.js';

let sim: LlmSim;
let testStore: TestStore;
let directory: string;
const KEY = 'sk-sim-provider-test-9f8e7d6c5b4a';

beforeEach(async () => {
  sim = await startLlmSim({ port: 0, catalog: testCatalog, seed: 3, apiKeys: [KEY] });
  testStore = await openTestStore();
  directory = await mkdtemp(join(tmpdir(), 'sextant-providers-'));
});

afterEach(async () => {
  await testStore.close();
  await sim.close();
});

async function suiteWith(options: {
  targets: string;
  prompt?: string;
  scorers?: string;
  dataset?: string;
  extra?: string;
}) {
  await writeFile(
    join(directory, 'cases.csv'),
    options.dataset ??
      'id,ticket,intent\nc1,please refund my invoice,billing\nc2,the app crashes,technical\n',
  );
  const text = [
    'name: providers',
    'prompts:',
    options.prompt ??
      '  - id: v1\n    system: You triage tickets; answer JSON.\n    messages: [{ role: user, content: "{{ticket}}" }]',
    'dataset: cases.csv',
    'targets:',
    options.targets,
    'scorers:',
    options.scorers ?? '  - { type: json-path-equals, path: intent, value: "{{intent}}" }',
    options.extra ?? 'timeoutMs: 2000',
  ].join('\n');
  await writeFile(join(directory, 'suite.yaml'), text);
  return loadSuite({ file: join(directory, 'suite.yaml'), cwd: directory });
}

const environment = { SIM_KEY: KEY };

describe('providers through the runner', () => {
  it('anthropic: streamed and not, with tokens, TTFT and price', async () => {
    const suite = await suiteWith({
      targets: [
        `  - { id: streamed, provider: anthropic, model: sim-perfect, baseURL: "${sim.url}", apiKeyEnv: SIM_KEY, price: { inputPerMillion: 3, outputPerMillion: 15 } }`,
        `  - { id: whole, provider: anthropic, model: sim-perfect, baseURL: "${sim.url}", apiKeyEnv: SIM_KEY, parameters: { stream: false, max_tokens: 300 } }`,
      ].join('\n'),
    });
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment,
      cache: { enabled: false },
    });
    expect(summary.counts).toMatchObject({ completed: 4, passed: 4, errors: 0 });
    const results = await testStore.results(summary.runId);
    const streamed = results.filter((result) => result.targetId === 'streamed');
    expect(
      streamed.every((result) => result.timeToFirstChunkMs !== null && (result.costUsd ?? 0) > 0),
    ).toBe(true);
    const whole = results.filter((result) => result.targetId === 'whole');
    expect(
      whole.every(
        (result) =>
          result.timeToFirstChunkMs === null && result.costUsd === null && result.inputTokens > 0,
      ),
    ).toBe(true);
    expect(sim.requests.every((request) => request.path === '/v1/messages')).toBe(true);
  });

  it('openai and anthropic: a header change is another request to the cache, and no header value or key is written to it', async () => {
    const cacheDirectory = join(directory, 'cache');
    const suiteFor = (team: string) =>
      suiteWith({
        targets: [
          `  - { id: oa, provider: openai, model: sim-perfect, baseURL: "${sim.url}/v1", apiKeyEnv: SIM_KEY, headers: { x-team: "${team}" } }`,
          `  - { id: an, provider: anthropic, model: sim-perfect, baseURL: "${sim.url}", apiKeyEnv: SIM_KEY, headers: { x-team: "${team}" } }`,
        ].join('\n'),
      });
    const run = async (team: string) =>
      runSuite({
        suite: await suiteFor(team),
        store: testStore.store,
        environment,
        cache: { directory: cacheDirectory },
      });
    expect((await run('team-secret-alpha')).counts.cacheHits).toBe(0);
    expect((await run('team-secret-beta')).counts.cacheHits).toBe(0);
    expect((await run('team-secret-beta')).counts.cacheHits).toBe(4);
    expect(sim.requests).toHaveLength(8);
    let written = '';
    for (const folder of await readdir(cacheDirectory))
      for (const file of await readdir(join(cacheDirectory, folder)))
        written += await readFile(join(cacheDirectory, folder, file), 'utf8');
    expect(written).toContain(`${sim.url}/v1`);
    expect(written).not.toContain('team-secret');
    expect(written).not.toContain(KEY);
  });

  it('openai: tool calls reach the tool-call scorer', async () => {
    const suite = await suiteWith({
      dataset: 'id,question\nq1,Where is my order A-17?\n',
      prompt: [
        '  - id: tools',
        '    messages: [{ role: user, content: "{{question}}" }]',
        '    tools:',
        '      - name: lookup_order',
        '        description: Find an order',
        '        parameters: { type: object, required: [orderId], properties: { orderId: { type: string } } }',
      ].join('\n'),
      targets: `  - { id: oa, provider: openai, model: sim-perfect, baseURL: "${sim.url}/v1", apiKeyEnv: SIM_KEY }`,
      scorers:
        '  - { type: tool-call, tool: lookup_order, schema: { type: object, required: [orderId] } }',
    });
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment,
      cache: { enabled: false },
    });
    const [result] = await testStore.results(summary.runId);
    expect(result?.finishReason).toBe('tool_calls');
    expect(result?.passed).toBe(true);
    expect(result?.scores[0]?.reason).toContain('lookup_order called with matching arguments');
  });

  it('function: a user module answers, its usage is priced, and it is never cached', async () => {
    await writeFile(
      join(directory, 'answer.mjs'),
      'export default async ({ vars, messages, config }) => ({ output: JSON.stringify({ intent: vars.intent }), usage: { inputTokens: messages.length * 1000, outputTokens: config.outputTokens } });\n',
    );
    const suite = await suiteWith({
      targets:
        '  - { id: fn, provider: function, model: local-rules, module: ./answer.mjs, config: { outputTokens: 500 }, price: { inputPerMillion: 2, outputPerMillion: 10 } }',
    });
    const cache = { directory: join(directory, 'cache') };
    const first = await runSuite({ suite, store: testStore.store, environment, cache });
    const second = await runSuite({ suite, store: testStore.store, environment, cache });
    expect(first.counts.passed).toBe(2);
    expect(second.counts.cacheHits).toBe(0);
    const [result] = await testStore.results(second.runId);
    expect(result).toMatchObject({
      provider: 'function',
      inputTokens: 2000,
      outputTokens: 500,
      cacheHit: false,
    });
    expect(result?.costUsd).toBeCloseTo((2000 * 2 + 500 * 10) / 1e6, 12);
  });

  it('records a hanging call as a timeout error, not a failure', async () => {
    const suite = await suiteWith({
      targets: `  - { id: hang, provider: openai, model: sim-perfect, baseURL: "${sim.url}/v1", apiKeyEnv: SIM_KEY, maxRetries: 0, headers: { x-sim-fault: hang } }`,
      extra: 'timeoutMs: 300',
    });
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment,
      cache: { enabled: false },
    });
    expect(summary.counts).toMatchObject({ completed: 2, errors: 2, failed: 0 });
    const results = await testStore.results(summary.runId);
    expect(
      results.every(
        (result) => result.status === 'error' && result.errorType === 'timeout' && !result.passed,
      ),
    ).toBe(true);
    expect(results.every((result) => result.latencyMs >= 290 && result.latencyMs < 2000)).toBe(
      true,
    );
  });

  it('keeps a rejected key out of errors, results and the run row', async () => {
    const wrongKey = 'sk-sim-wrong-key-000111222333';
    const suite = await suiteWith({
      targets: `  - { id: oa, provider: openai, model: sim-perfect, baseURL: "${sim.url}/v1", apiKeyEnv: SIM_KEY, maxRetries: 0 }`,
    });
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment: { SIM_KEY: wrongKey },
      cache: { enabled: false },
    });
    const results = await testStore.results(summary.runId);
    expect(results.every((result) => result.errorType === 'authentication')).toBe(true);
    const stored = JSON.stringify({ results, run: await testStore.store.getRun(summary.runId) });
    expect(stored).not.toContain(wrongKey);
    expect(stored).not.toContain('000111222333');
  });

  it('refuses to start when the named key variable is not set, before any call', async () => {
    const suite = await suiteWith({
      targets: `  - { id: oa, provider: openai, model: sim-perfect, baseURL: "${sim.url}/v1", apiKeyEnv: MISSING_KEY }`,
    });
    const error = await runSuite({ suite, store: testStore.store, environment: {} }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SuiteError);
    expect((error as SuiteError).issues[0]).toMatchObject({
      file: 'suite.yaml',
      line: 8,
      field: 'targets[0].apiKeyEnv',
    });
    expect((error as SuiteError).message).toContain('MISSING_KEY, which is not set');
    expect(sim.requests).toHaveLength(0);
  });
});
