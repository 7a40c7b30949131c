import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import { EVENT_GEN_AI_EVALUATION_RESULT } from '@sextant/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadSuite } from '../suite/load-suite.js';
import { testCatalog, testPrice } from '../test-support/test-catalog.js';
import { openTestStore } from '../test-support/test-store.js';
import type { TestStore } from '../test-support/test-store.js';
import { SIM_ENVIRONMENT, writeTriageSuite } from '../test-support/triage-suite.js';
import type { RunEvent } from './run-events.js';
import { runSuite } from './run-suite.js';

let sim: LlmSim;
let testStore: TestStore;
let directory: string;

beforeEach(async () => {
  sim = await startLlmSim({ port: 0, catalog: testCatalog, seed: 7 });
  testStore = await openTestStore();
  directory = await mkdtemp(join(tmpdir(), 'sextant-run-'));
});

afterEach(async () => {
  await testStore.close();
  await sim.close();
});

describe('runSuite against llm-sim and ClickHouse', () => {
  it('gives the known pass counts across two targets and records every result once', async () => {
    const file = await writeTriageSuite({
      directory,
      simUrl: sim.url,
      cases: 24,
      targets: [
        { id: 'perfect', model: 'sim-perfect', price: testPrice },
        { id: 'wrong', model: 'sim-wrong', price: testPrice },
      ],
    });
    const suite = await loadSuite({ file });
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const events: RunEvent[] = [];
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { enabled: false },
      tracerProvider,
      onEvent: (event) => events.push(event),
    });

    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({
      planned: 48,
      completed: 48,
      passed: 24,
      failed: 24,
      errors: 0,
    });
    const results = await testStore.results(summary.runId);
    expect(results).toHaveLength(48);
    expect(await testStore.rawRowCount(summary.runId)).toBe(48);
    const perfect = results.filter((result) => result.targetId === 'perfect');
    expect(perfect.every((result) => result.passed && result.score === 1)).toBe(true);
    const wrong = results.filter((result) => result.targetId === 'wrong');
    // Accuracy 0 swaps exactly one field, so two of three scorers pass.
    expect(wrong.every((result) => !result.passed && Math.abs(result.score - 2 / 3) < 1e-9)).toBe(
      true,
    );

    const sample = perfect[0];
    expect(sample?.status).toBe('ok');
    expect(sample?.inputTokens).toBeGreaterThan(0);
    expect(sample?.outputTokens).toBeGreaterThan(0);
    const expectedCost =
      ((sample?.inputTokens ?? 0) * 100 + (sample?.outputTokens ?? 0) * 400) / 1e6;
    expect(sample?.costUsd).toBeCloseTo(expectedCost, 12);
    expect(sample?.timeToFirstChunkMs).toBeGreaterThanOrEqual(10);
    expect(sample?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(sample?.attempts).toBe(1);
    expect(summary.spend.targetUsd).toBeCloseTo(
      results.reduce((sum, result) => sum + (result.costUsd ?? 0), 0),
      9,
    );

    // One span per call, ended after scoring, carrying one evaluation event per scorer.
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(48);
    const span = spans.find((candidate) => candidate.spanContext().spanId === sample?.spanId);
    const evaluations =
      span?.events.filter((event) => event.name === EVENT_GEN_AI_EVALUATION_RESULT) ?? [];
    expect(evaluations.map((event) => event.attributes?.['gen_ai.evaluation.name'])).toEqual([
      'intent',
      'priority',
      'needs-human',
    ]);
    expect(span?.attributes['sextant.eval.case_id']).toBe(sample?.caseId);
    expect(JSON.stringify(spans.map((item) => item.attributes))).not.toContain(
      SIM_ENVIRONMENT.SIM_API_KEY,
    );

    expect(events[0]?.type).toBe('run-start');
    expect(events.at(-1)?.type).toBe('run-end');
    expect(events.filter((event) => event.type === 'case-end')).toHaveLength(48);
    expect(sim.requests).toHaveLength(48);
    const stored = await testStore.store.getRun(summary.runId);
    expect(stored?.status).toBe('completed');
    expect(stored?.config).not.toContain(SIM_ENVIRONMENT.SIM_API_KEY);
  });

  it('finishes a 429 storm by cutting concurrency, and records exhausted retries as errors', async () => {
    const file = await writeTriageSuite({
      directory,
      simUrl: sim.url,
      cases: 40,
      targets: [{ id: 'storm', model: 'sim-storm', maxRetries: 1 }],
      extra: { concurrency: 16 },
    });
    const suite = await loadSuite({ file });
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { enabled: false },
    });

    expect(summary.status).toBe('completed');
    expect(summary.counts.completed).toBe(40);
    const results = await testStore.results(summary.runId);
    const errors = results.filter((result) => result.status === 'error');
    expect(errors.length).toBe(summary.counts.errors);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((result) => result.errorType === 'rate_limit' && !result.passed)).toBe(
      true,
    );
    expect(errors.every((result) => result.attempts === 2)).toBe(true);
    expect(
      results.filter((result) => result.status === 'ok').every((result) => result.passed),
    ).toBe(true);
    expect(summary.limits.openai?.cuts).toBeGreaterThan(0);
    const rateLimited = sim.requests.filter((request) => request.status === 429).length;
    expect(rateLimited).toBeGreaterThanOrEqual(errors.length * 2);
  });

  it('keeps a healthy provider at full speed while another waits out a 429 storm', async () => {
    // Every call to the throttled model gets a 429 asking for a 0.5 s pause; the healthy model
    // answers in 15 ms. Waiting calls must not hold the run's slots, so the healthy target
    // finishes while the throttled one is still in its first pause.
    const stormSim = await startLlmSim({
      port: 0,
      catalog: {
        extendsDefault: true,
        models: [
          {
            name: 'sim-throttled',
            accuracy: 1,
            latency: { ttftMs: { median: 5, p95: 5 }, interTokenMs: { median: 0, p95: 0 } },
            faults: { rateLimit: 1, retryAfterSeconds: 0.5 },
          },
        ],
      },
      seed: 5,
    });
    try {
      const file = await writeTriageSuite({
        directory,
        simUrl: stormSim.url,
        cases: 16,
        targets: [
          { id: 'throttled', model: 'sim-throttled', maxRetries: 0 },
          { id: 'healthy', model: 'sim-perfect' },
        ],
        extra: { concurrency: 4, limits: { openai: { concurrency: 4 } } },
      });
      const definition = parse(await readFile(file, 'utf8')) as {
        targets: Record<string, unknown>[];
      };
      const healthy = definition.targets.find((target) => target.id === 'healthy');
      if (healthy === undefined) throw new Error('the suite has no healthy target');
      healthy.provider = 'anthropic';
      healthy.baseURL = sim.url;
      await writeFile(file, stringify(definition));

      const completed = { throttled: 0, healthy: 0 };
      let throttledWhenHealthyDone = -1;
      const summary = await runSuite({
        suite: await loadSuite({ file }),
        store: testStore.store,
        environment: SIM_ENVIRONMENT,
        cache: { enabled: false },
        onEvent(event) {
          if (event.type !== 'case-end') return;
          const target = event.result.targetId as keyof typeof completed;
          completed[target] += 1;
          if (target === 'healthy' && completed.healthy === 16)
            throttledWhenHealthyDone = completed.throttled;
        },
      });

      expect(summary.counts).toMatchObject({ completed: 32, passed: 16, errors: 16 });
      // Only the first wave (the openai limit, 4) can end before the first 0.5 s pause is over;
      // with throttled calls holding pool slots, healthy calls queue behind that pause.
      expect(throttledWhenHealthyDone).toBeGreaterThanOrEqual(0);
      expect(throttledWhenHealthyDone).toBeLessThanOrEqual(4);
      expect(sim.requests.filter((request) => request.status === 200)).toHaveLength(16);
    } finally {
      await stormSim.close();
    }
  });

  it('stops scheduling at the budget cap, within one in-flight batch', async () => {
    const file = await writeTriageSuite({
      directory,
      simUrl: sim.url,
      cases: 60,
      targets: [{ id: 'perfect', model: 'sim-perfect', price: testPrice }],
      extra: { concurrency: 4 },
    });
    const suite = await loadSuite({ file });
    const budgetUsd = 0.05;
    const summary = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { enabled: false },
      budgetUsd,
    });

    expect(summary.status).toBe('stopped-budget');
    const results = await testStore.results(summary.runId);
    const costs = results.map((result) => result.costUsd ?? 0);
    const spent = costs.reduce((sum, cost) => sum + cost, 0);
    expect(results.length).toBe(summary.counts.completed);
    expect(results.length).toBeLessThan(60);
    expect(summary.counts.notStarted).toBe(60 - results.length);
    expect(spent).toBeGreaterThanOrEqual(budgetUsd - Math.max(...costs));
    expect(spent).toBeLessThanOrEqual(budgetUsd + 4 * Math.max(...costs));
    expect(sim.requests).toHaveLength(results.length);
    expect((await testStore.store.getRun(summary.runId))?.status).toBe('stopped-budget');
  });

  it('answers from the cache only the identical request, and marks those results', async () => {
    const cacheDirectory = join(directory, 'cache');
    const targets = [{ id: 'perfect', model: 'sim-perfect', price: testPrice }];
    const suite = await loadSuite({
      file: await writeTriageSuite({ directory, simUrl: sim.url, cases: 8, targets }),
    });
    const first = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { directory: cacheDirectory },
    });
    expect(first.counts.cacheHits).toBe(0);
    expect(sim.requests).toHaveLength(8);
    expect((await readdir(cacheDirectory)).length).toBeGreaterThan(0);

    const second = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { directory: cacheDirectory },
    });
    expect(second.counts.cacheHits).toBe(8);
    expect(sim.requests).toHaveLength(8);
    const firstResults = new Map(
      (await testStore.results(first.runId)).map((result) => [result.caseId, result]),
    );
    for (const result of await testStore.results(second.runId)) {
      expect(result.cacheHit).toBe(true);
      expect(result.output).toBe(firstResults.get(result.caseId)?.output);
    }

    // A different parameter, a different repeat or a different prompt is a different request.
    const changed = await loadSuite({
      file: await writeTriageSuite({
        directory,
        simUrl: sim.url,
        cases: 8,
        targets: [
          { ...targets[0], id: 'perfect', model: 'sim-perfect', parameters: { temperature: 0.5 } },
        ],
        extra: { repeats: 2 },
      }),
    });
    const third = await runSuite({
      suite: changed,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { directory: cacheDirectory },
    });
    expect(third.counts.cacheHits).toBe(0);
    expect(sim.requests).toHaveLength(8 + 16);
  });

  it('keys a baseURLEnv target by the URL it resolves to, so another server is never answered from the cache', async () => {
    // Two simulators that answer the same request differently (another seed), reached through
    // the same variable: the cache must tell them apart by the URL actually called.
    const coinCatalog = {
      extendsDefault: true,
      models: [
        {
          name: 'sim-coin',
          accuracy: 0.5,
          latency: { ttftMs: { median: 5, p95: 5 }, interTokenMs: { median: 0, p95: 0 } },
        },
      ],
    };
    const first = await startLlmSim({ port: 0, catalog: coinCatalog, seed: 11 });
    const second = await startLlmSim({ port: 0, catalog: coinCatalog, seed: 12 });
    try {
      const file = await writeTriageSuite({
        directory,
        simUrl: first.url,
        cases: 16,
        targets: [{ id: 'coin', model: 'sim-coin' }],
      });
      const definition = parse(await readFile(file, 'utf8')) as {
        targets: Record<string, unknown>[];
      };
      for (const target of definition.targets) {
        delete target.baseURL;
        target.baseURLEnv = 'SIM_BASE_URL';
      }
      await writeFile(file, stringify(definition));
      const suite = await loadSuite({ file });
      const cache = { directory: join(directory, 'cache') };
      const run = (url: string) =>
        runSuite({
          suite,
          store: testStore.store,
          environment: { ...SIM_ENVIRONMENT, SIM_BASE_URL: `${url}/v1` },
          cache,
        });

      const onFirst = await run(first.url);
      expect(onFirst.counts.cacheHits).toBe(0);
      expect(first.requests).toHaveLength(16);

      const onSecond = await run(second.url);
      expect(onSecond.counts.cacheHits).toBe(0);
      expect(second.requests).toHaveLength(16);
      const outputs = async (runId: string) =>
        new Map((await testStore.results(runId)).map((result) => [result.caseId, result.output]));
      const firstOutputs = await outputs(onFirst.runId);
      const secondOutputs = await outputs(onSecond.runId);
      // The seeds really give different answers, so a cache hit here would have been wrong.
      expect(
        [...secondOutputs].some(([caseId, output]) => firstOutputs.get(caseId) !== output),
      ).toBe(true);

      const again = await run(second.url);
      expect(again.counts.cacheHits).toBe(16);
      expect(second.requests).toHaveLength(16);
      expect(await outputs(again.runId)).toEqual(secondOutputs);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('runs disjoint shards that together cover every key once', async () => {
    const suite = await loadSuite({
      file: await writeTriageSuite({
        directory,
        simUrl: sim.url,
        cases: 30,
        targets: [{ id: 'perfect', model: 'sim-perfect' }],
      }),
    });
    const runId = 'sharded-run';
    const first = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { enabled: false },
      runId,
      shard: { index: 1, count: 2 },
    });
    // Half the keys are in: the run is not complete, so it is neither listed as such nor a baseline.
    expect(first.status).toBe('completed');
    expect(await testStore.store.getRun(runId)).toMatchObject({
      status: 'running',
      finishedAt: null,
    });
    const second = await runSuite({
      suite,
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { enabled: false },
      runId,
      shard: { index: 2, count: 2 },
    });
    expect(await testStore.store.getRun(runId)).toMatchObject({
      status: 'completed',
      finishedAt: second.finishedAt,
    });
    expect(first.counts.completed + second.counts.completed).toBe(30);
    expect(first.counts.completed).toBeGreaterThan(5);
    expect(first.counts.planned).toBe(first.counts.completed);
    const results = await testStore.results(runId);
    expect(new Set(results.map((result) => result.caseId)).size).toBe(30);
    expect(await testStore.rawRowCount(runId)).toBe(30);
  });

  it('refuses to resume a run whose prompts changed, and a run that does not exist', async () => {
    const targets = [{ id: 'perfect', model: 'sim-perfect' }];
    const file = await writeTriageSuite({ directory, simUrl: sim.url, cases: 4, targets });
    const first = await runSuite({
      suite: await loadSuite({ file }),
      store: testStore.store,
      environment: SIM_ENVIRONMENT,
      cache: { enabled: false },
    });
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('You triage', 'You carefully triage'),
    );
    const changed = await loadSuite({ file });
    await expect(
      runSuite({
        suite: changed,
        store: testStore.store,
        environment: SIM_ENVIRONMENT,
        runId: first.runId,
        resume: true,
      }),
    ).rejects.toThrow(/prompts or dataset changed since it started/);
    await expect(
      runSuite({
        suite: changed,
        store: testStore.store,
        environment: SIM_ENVIRONMENT,
        runId: 'no-such-run',
        resume: true,
      }),
    ).rejects.toThrow(/the store has no such run/);
    expect(sim.requests).toHaveLength(4);
  });
});
