import type { EvalResult } from '@sextant/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseResultStore } from '../clickhouse-result-store.js';
import type { SextantClickHouse } from '../open-clickhouse.js';
import { makeResult } from '../test-support/eval-fixtures.js';
import { quantileInclusive, seededRandom, sum } from '../test-support/reference-statistics.js';
import { openTestClickHouse } from '../test-support/test-clickhouse.js';
import { queryRunSummary } from './run-summary.js';

const RUN = `run "summary" '); --`;

/** 2 prompts × 2 targets × 40 cases, with errors, unstreamed calls and one unpriced group. */
function seedResults(): EvalResult[] {
  const random = seededRandom(42);
  const results: EvalResult[] = [];
  for (const promptId of ['prompt-a', 'prompt-b']) {
    for (const [targetId, model] of [
      ['openai:gpt-4o', 'gpt-4o'],
      ['anthropic:claude', 'claude-sonnet'],
    ] as const) {
      for (let index = 0; index < 40; index += 1) {
        const failed = random() < 0.1;
        const score = failed ? 0 : Math.round(random() * 100) / 100;
        results.push(
          makeResult({
            runId: RUN,
            promptId,
            targetId,
            model,
            provider: targetId.split(':')[0] ?? '',
            caseId: `case-${String(index)}`,
            status: failed ? 'error' : 'ok',
            score,
            passed: !failed && score >= 0.5,
            latencyMs: Math.round(200 + random() * 3000),
            timeToFirstChunkMs: random() < 0.3 ? null : Math.round(50 + random() * 400),
            inputTokens: Math.floor(random() * 2000),
            outputTokens: Math.floor(random() * 500),
            cachedInputTokens: Math.floor(random() * 100),
            reasoningTokens: Math.floor(random() * 50),
            costUsd:
              model === 'claude-sonnet' && promptId === 'prompt-b' && index === 7
                ? null
                : Math.round(random() * 10_000) / 1_000_000,
            judgeCostUsd: 0.0001,
            retries: random() < 0.2 ? 1 : 0,
          }),
        );
      }
    }
  }
  return results;
}

describe('queryRunSummary', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
  });
  afterAll(async () => {
    await clickhouse.close();
  });

  it('matches an independent computation per prompt × target, duplicates ignored', async () => {
    const results = seedResults();
    const store = new ClickHouseResultStore({ clickhouse });
    await store.writeResults(results);
    await store.writeResults(results.slice(0, 30)); // a re-sent batch
    await store.writeResults([makeResult({ runId: 'another run' })]);
    await store.close();

    const summary = await queryRunSummary(clickhouse, { runId: RUN });
    expect(summary.map((row) => `${row.promptId}/${row.targetId}`)).toEqual([
      'prompt-a/anthropic:claude',
      'prompt-a/openai:gpt-4o',
      'prompt-b/anthropic:claude',
      'prompt-b/openai:gpt-4o',
    ]);
    for (const row of summary) {
      const group = results.filter(
        (result) => result.promptId === row.promptId && result.targetId === row.targetId,
      );
      const passes = group.filter((result) => result.passed).length;
      const priced = group.flatMap((result) => (result.costUsd === null ? [] : [result.costUsd]));
      const unpriced = group.length - priced.length;
      const latencies = group.map((result) => result.latencyMs);
      const ttfts = group.flatMap((result) =>
        result.timeToFirstChunkMs === null ? [] : [result.timeToFirstChunkMs],
      );
      expect(row).toEqual({
        runId: RUN,
        promptId: row.promptId,
        targetId: row.targetId,
        model: group[0]?.model,
        provider: group[0]?.provider,
        cases: 40,
        passes,
        errors: group.filter((result) => result.status === 'error').length,
        passRate: passes / 40,
        meanScore: expect.closeTo(sum(group.map((result) => result.score)) / 40, 9),
        latencyP50Ms: expect.closeTo(quantileInclusive(latencies, 0.5) ?? NaN, 6),
        latencyP95Ms: expect.closeTo(quantileInclusive(latencies, 0.95) ?? NaN, 6),
        timeToFirstChunkP50Ms: expect.closeTo(quantileInclusive(ttfts, 0.5) ?? NaN, 6),
        timeToFirstChunkP95Ms: expect.closeTo(quantileInclusive(ttfts, 0.95) ?? NaN, 6),
        streamedResults: ttfts.length,
        inputTokens: sum(group.map((result) => result.inputTokens)),
        outputTokens: sum(group.map((result) => result.outputTokens)),
        cachedInputTokens: sum(group.map((result) => result.cachedInputTokens)),
        reasoningTokens: sum(group.map((result) => result.reasoningTokens)),
        costUsd: expect.closeTo(sum(priced), 12),
        unpricedResults: unpriced,
        judgeCostUsd: expect.closeTo(0.0001 * 40, 12),
        costPerSuccessUsd:
          unpriced > 0 || passes === 0 ? null : expect.closeTo(sum(priced) / passes, 12),
        retries: sum(group.map((result) => result.retries)),
      });
    }
    expect(summary.filter((row) => row.costPerSuccessUsd === null)).toHaveLength(1);
  });

  it('returns no rows for an unknown run', async () => {
    expect(await queryRunSummary(clickhouse, { runId: "nobody's run" })).toEqual([]);
  });
});
