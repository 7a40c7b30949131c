import { describe, expect, it } from 'vitest';
import type { EvalResult } from '@sextant/spec';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { buildRunReport } from './build-run-report.js';
import {
  buildErrorResult,
  buildResult,
  buildResults,
  buildRun,
} from './test-support/eval-result-builder.js';

async function* streamOf(results: EvalResult[]): AsyncIterable<EvalResult> {
  for (const result of results) yield result;
}

describe('buildRunReport', () => {
  it('counts passes, failures and errors apart and gives the Wilson interval of the pass rate', async () => {
    const results = [
      ...buildResults({ count: 10, passing: 7 }),
      buildErrorResult({ caseId: 'case-0010' }),
      buildErrorResult({ caseId: 'case-0011', costUsd: 0.0005 }),
    ];
    const report = await buildRunReport({ run: buildRun(), results: streamOf(results) });
    expect(report.groups).toHaveLength(1);
    const group = report.groups[0]!;
    expect(group).toMatchObject({ cases: 12, results: 12, passed: 7, failed: 3, errors: 2 });
    expect(group.passRate).toBeCloseTo(0.7, 12);
    expect(group.passRateInterval).toEqual(wilsonInterval({ successes: 7, total: 10 }));
    expect(group.meanScore).toBeCloseTo(0.7, 12);
  });

  it('charges every attempt to cost per success, errors included, and bounds it with a bootstrap interval', async () => {
    const results = [
      ...buildResults({ count: 40, passing: 20, costUsd: 0.002 }),
      buildErrorResult({ caseId: 'case-9999', costUsd: 0.004 }),
    ];
    const report = await buildRunReport({ run: buildRun(), results, seed: 5 });
    const group = report.groups[0]!;
    expect(group.spend.targetUsd).toBeCloseTo(40 * 0.002 + 0.004, 12);
    expect(group.costPerSuccess.usd).toBeCloseTo((40 * 0.002 + 0.004) / 20, 12);
    const interval = group.costPerSuccess.interval!;
    expect(interval.lower).toBeLessThan(group.costPerSuccess.usd!);
    expect(interval.upper).toBeGreaterThan(group.costPerSuccess.usd!);
    const again = await buildRunReport({ run: buildRun(), results, seed: 5 });
    expect(again.groups[0]!.costPerSuccess).toEqual(group.costPerSuccess);
  });

  it('says n/a with the reason when no case passed or a price is unknown', async () => {
    const none = await buildRunReport({
      run: buildRun(),
      results: buildResults({ count: 5, passing: 0 }),
    });
    expect(none.groups[0]!.costPerSuccess).toEqual({
      usd: null,
      interval: null,
      reason: 'no case passed',
    });
    const unknown = await buildRunReport({
      run: buildRun(),
      results: [
        ...buildResults({ count: 5, passing: 3 }),
        buildResult({ caseId: 'x', costUsd: null }),
      ],
    });
    expect(unknown.groups[0]!.costPerSuccess.reason).toBe('price unknown for 1 of 6 results');
    expect(unknown.groups[0]!.spend.targetUsd).toBeNull();
    expect(unknown.totals.targetSpendUsd).toBeNull();
  });

  it('leaves cached and errored results out of latency and TTFT, with ClickHouse quantileExact percentiles', async () => {
    const results = [
      ...Array.from({ length: 20 }, (_, index) =>
        buildResult({
          caseId: `c${index}`,
          latencyMs: (index + 1) * 10,
          timeToFirstChunkMs: index + 1,
        }),
      ),
      buildResult({ caseId: 'cached', latencyMs: 1, timeToFirstChunkMs: 0, cacheHit: true }),
      buildErrorResult({ caseId: 'failed', latencyMs: 30_000 }),
    ];
    const group = (await buildRunReport({ run: buildRun(), results })).groups[0]!;
    // 20 values 10…200: index ⌊0.5·20⌋ = 10 → 110; ⌊0.95·20⌋ = 19 → 200.
    expect(group.latencyMs).toEqual({ p50: 110, p95: 200, samples: 20 });
    expect(group.timeToFirstChunkMs).toEqual({ p50: 11, samples: 20 });
  });

  it('sums tokens and keeps judge spend apart from target spend', async () => {
    const results = [
      buildResult({
        caseId: 'a',
        inputTokens: 100,
        outputTokens: 20,
        cachedInputTokens: 60,
        judgeCostUsd: 0.01,
      }),
      buildResult({
        caseId: 'b',
        inputTokens: 50,
        outputTokens: 5,
        reasoningTokens: 3,
        judgeCostUsd: 0.02,
      }),
    ];
    const report = await buildRunReport({ run: buildRun(), results });
    const group = report.groups[0]!;
    expect(group.tokens).toEqual({ input: 150, output: 25, cachedInput: 60, reasoning: 3 });
    expect(group.spend.judgeUsd).toBeCloseTo(0.03, 12);
    expect(group.spend.targetUsd).toBeCloseTo(0.002, 12);
    expect(report.totals.judgeSpendUsd).toBeCloseTo(0.03, 12);
  });

  it('gives pass@k, pass^k and the flaky cases when cases repeat', async () => {
    const outcomes: Record<string, boolean[]> = {
      steady: [true, true, true],
      broken: [false, false, false],
      flaky: [true, false, true],
    };
    const results = Object.entries(outcomes).flatMap(([caseId, passes]) =>
      passes.map((passed, repeat) => buildResult({ caseId, repeat, passed })),
    );
    const repeats = (await buildRunReport({ run: buildRun(), results })).groups[0]!.repeats!;
    expect(repeats.maxSamples).toBe(3);
    expect(repeats.flakyCaseIds).toEqual(['flaky']);
    // pass@1 = mean(1, 0, 2/3); pass@2 = mean(1, 0, 1); pass^2 = mean(1, 0, 1/3); pass^3 = mean(1, 0, 0).
    expect(repeats.passAtK.map((estimate) => estimate.value)).toEqual([
      expect.closeTo(5 / 9, 12),
      expect.closeTo(2 / 3, 12),
      expect.closeTo(2 / 3, 12),
    ]);
    expect(repeats.passHatK[1]!.value).toBeCloseTo(4 / 9, 12);
    expect(repeats.passHatK[2]!.value).toBeCloseTo(1 / 3, 12);
  });

  it('groups by suite × prompt × target and finds the cost–quality frontier', async () => {
    const results = [
      ...buildResults({ count: 20, passing: 18, targetId: 'premium', costUsd: 0.01 }),
      ...buildResults({ count: 20, passing: 16, targetId: 'balanced', costUsd: 0.002 }),
      ...buildResults({ count: 20, passing: 15, targetId: 'worse', costUsd: 0.003 }),
      ...buildResults({ count: 20, passing: 12, targetId: 'mystery', costUsd: null }),
      ...buildResults({ count: 20, passing: 10, targetId: 'balanced', promptId: 'prompt-v2' }),
    ];
    const report = await buildRunReport({ run: buildRun(), results });
    expect(report.groups.map((group) => `${group.promptId}/${group.targetId}`)).toEqual([
      'prompt-v1/balanced',
      'prompt-v1/mystery',
      'prompt-v1/premium',
      'prompt-v1/worse',
      'prompt-v2/balanced',
    ]);
    expect(report.frontiers[0]).toEqual({
      suite: 'triage',
      promptId: 'prompt-v1',
      frontier: ['balanced', 'premium'],
      dominated: [{ targetId: 'worse', dominatedBy: ['balanced'] }],
      excluded: [{ targetId: 'mystery', reason: 'price unknown for 20 of 20 results' }],
    });
    expect(report.frontiers[1]!.frontier).toEqual(['balanced']);
  });
});
