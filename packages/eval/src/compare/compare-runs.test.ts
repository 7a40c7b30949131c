import { describe, expect, it } from 'vitest';
import type { EvalResult } from '@sextant/spec';
import {
  buildErrorResult,
  buildResult,
  buildRun,
} from '../report/test-support/eval-result-builder.js';
import { createSeededRandom } from '../stats/seeded-random.js';
import { compareRuns } from './compare-runs.js';
import { EXIT_CODES } from './exit-codes.js';
import { DEFAULT_GATE_SETTINGS } from './gate-settings.js';
import type { GateSettings } from './gate-settings.js';

const baselineRun = buildRun({ runId: 'base' });
const candidateRun = buildRun({ runId: 'cand' });

function side(
  runId: string,
  passes: readonly boolean[],
  extra: Partial<EvalResult> = {},
): EvalResult[] {
  return passes.map((passed, index) =>
    buildResult({
      runId,
      caseId: `case-${String(index).padStart(4, '0')}`,
      passed,
      output: passed ? 'billing' : `wrong answer ${index}`,
      ...extra,
    }),
  );
}

function compare(
  baseline: EvalResult[],
  candidate: EvalResult[],
  settings: Partial<GateSettings> = {},
  runs = { baseline: baselineRun, candidate: candidateRun },
) {
  return compareRuns({
    baseline: { run: runs.baseline, results: baseline },
    candidate: { run: runs.candidate, results: candidate },
    settings: { ...DEFAULT_GATE_SETTINGS, ...settings },
    seed: 3,
    replicates: 1000,
  });
}

const pattern = (count: number, passing: (index: number) => boolean) =>
  Array.from({ length: count }, (_, index) => passing(index));

describe('compareRuns', () => {
  it('catches a real pass-rate drop, lists the newly failing cases with their outputs, and exits 1', async () => {
    const baseline = side(
      'base',
      pattern(200, (index) => index < 180),
    );
    const candidate = side(
      'cand',
      pattern(200, (index) => index < 140),
    );
    const comparison = await compare(baseline, candidate);
    expect(comparison.verdict.state).toBe('regressed');
    expect(comparison.verdict.exitCode).toBe(EXIT_CODES.regressed);
    const group = comparison.groups[0]!;
    expect(group.outcomes).toEqual({
      bothPassed: 140,
      bothFailed: 20,
      newlyFailing: 40,
      newlyPassing: 0,
    });
    const passRate = group.metrics.find((test) => test.metric === 'pass-rate')!;
    expect(passRate.change).toBeCloseTo(-0.2, 12);
    expect(passRate.interval.upper).toBeLessThan(-0.02);
    expect(passRate.regressed).toBe(true);
    expect(comparison.verdict.reasons[0]).toMatch(
      /model-a: pass rate changed −20\.0 pts \(90\.0% → 70\.0%, 95% CI/,
    );
    expect(group.newlyFailing).toHaveLength(40);
    expect(group.newlyFailing[0]).toMatchObject({
      caseId: 'case-0140',
      baseline: { output: 'billing', passes: 1 },
      candidate: {
        output: 'wrong answer 140',
        passes: 0,
        reasons: ['intent: expected "billing", got "shipping"'],
      },
    });
  });

  it('does not flag a noise-only change (same model, different seed) and says pass', async () => {
    const baselineRandom = createSeededRandom(101);
    const candidateRandom = createSeededRandom(202);
    // Each case has its own difficulty; both runs draw from the same per-case pass probability.
    const difficulty = Array.from({ length: 300 }, (_, index) =>
      index % 10 === 0 ? 0.5 : index % 7 === 0 ? 0.1 : 0.97,
    );
    const baseline = side(
      'base',
      difficulty.map((p) => baselineRandom() < p),
    );
    const candidate = side(
      'cand',
      difficulty.map((p) => candidateRandom() < p),
    );
    const comparison = await compare(baseline, candidate);
    expect(comparison.verdict.state).toBe('pass');
    expect(comparison.verdict.exitCode).toBe(0);
    expect(comparison.groups[0]!.minimumDetectableEffect).toBeLessThan(0.2);
    expect(comparison.groups[0]!.metrics.every((test) => !test.regressed)).toBe(true);
  });

  it('is inconclusive on a small suite and states the minimum detectable effect', async () => {
    const comparison = await compare(
      side(
        'base',
        pattern(12, () => true),
      ),
      side(
        'cand',
        pattern(12, () => true),
      ),
    );
    expect(comparison.verdict.state).toBe('inconclusive');
    expect(comparison.verdict.exitCode).toBe(EXIT_CODES.inconclusive);
    const effect = comparison.groups[0]!.minimumDetectableEffect!;
    expect(effect).toBeGreaterThan(0.2);
    expect(comparison.verdict.reasons[0]).toMatch(
      /with 12 comparable cases the smallest pass-rate drop .* is \d+\.\d pts, over the 20\.0 pts limit/,
    );
    const tiny = await compare(
      side(
        'base',
        pattern(3, () => true),
      ),
      side(
        'cand',
        pattern(3, () => true),
      ),
    );
    expect(tiny.groups[0]!.minimumDetectableEffect).toBeNull();
    expect(tiny.verdict.reasons[0]).toMatch(/3 comparable cases are too few to detect any drop/);
  });

  it('is incomplete when the error rate exceeds the cap or the budget stopped the run, errors never counting as regressions', async () => {
    const baseline = side(
      'base',
      pattern(100, () => true),
    );
    const candidate = [
      ...side(
        'cand',
        pattern(90, () => true),
      ),
      ...Array.from({ length: 10 }, (_, index) =>
        buildErrorResult({ runId: 'cand', caseId: `case-${String(90 + index).padStart(4, '0')}` }),
      ),
    ];
    const comparison = await compare(baseline, candidate);
    expect(comparison.verdict.state).toBe('incomplete');
    expect(comparison.verdict.exitCode).toBe(EXIT_CODES.incomplete);
    expect(comparison.verdict.reasons[0]).toMatch(
      /error rate of 10\.0% \(10 of 100 results\), over the 5\.0% cap/,
    );
    expect(comparison.groups[0]!.erroredCases).toBe(10);
    expect(comparison.groups[0]!.outcomes.newlyFailing).toBe(0);
    const underCap = await compare(baseline, candidate, { maxErrorRate: 0.2 });
    expect(underCap.verdict.state).toBe('pass');
    const stopped = await compare(
      baseline,
      side(
        'cand',
        pattern(100, () => true),
      ),
      {},
      {
        baseline: baselineRun,
        candidate: buildRun({ runId: 'cand', status: 'stopped-budget' }),
      },
    );
    expect(stopped.verdict.state).toBe('incomplete');
    expect(stopped.verdict.reasons[0]).toMatch(/stopped by its budget cap/);
  });

  it('reports cases flaky in the baseline apart and does not fail the gate on them', async () => {
    const stable = pattern(150, () => true);
    const baseline = [
      ...side('base', stable, { repeat: 0 }),
      ...side('base', stable, { repeat: 1 }),
      ...side('base', stable, { repeat: 2 }),
    ];
    // Cases 0–9 flaky in the baseline (fail on repeat 1), failing every repeat in the candidate.
    for (const result of baseline) {
      if (result.repeat === 1 && Number(result.caseId.slice(5)) < 10) result.passed = false;
    }
    const failFlaky = stable.map((_, index) => index >= 10);
    const candidate = [0, 1, 2].flatMap((repeat) => side('cand', failFlaky, { repeat }));
    const comparison = await compare(baseline, candidate);
    const group = comparison.groups[0]!;
    expect(group.flakyInBaseline.map((change) => change.caseId)).toHaveLength(10);
    expect(group.flakyInBaseline[0]!.baseline).toMatchObject({ samples: 3, passes: 2 });
    expect(group.testedCases).toBe(140);
    expect(group.outcomes.newlyFailing).toBe(0);
    expect(comparison.verdict.state).not.toBe('regressed');
  });

  it('flags a cost-per-success increase beyond the allowed one, and only that', async () => {
    const baseline = side(
      'base',
      pattern(200, (index) => index % 5 !== 0),
      { costUsd: 0.001 },
    );
    const candidate = side(
      'cand',
      pattern(200, (index) => index % 5 !== 0),
      { costUsd: 0.0015 },
    );
    const comparison = await compare(baseline, candidate);
    expect(comparison.verdict.state).toBe('regressed');
    const cost = comparison.groups[0]!.metrics.find((test) => test.metric === 'cost-per-success')!;
    expect(cost.change).toBeCloseTo(0.5, 12);
    expect(cost.regressed).toBe(true);
    expect(comparison.verdict.reasons).toHaveLength(1);
    expect(comparison.verdict.reasons[0]).toMatch(
      /cost per success rose \+50\.0%.*beyond the allowed \+10\.0%/,
    );
    const ungated = await compare(baseline, candidate, { maxCostPerSuccessIncrease: null });
    expect(ungated.groups[0]!.skippedMetrics).toContainEqual({
      metric: 'cost-per-success',
      targetId: 'model-a',
      reason: 'not gated (maxCostPerSuccessIncrease is null)',
    });
    expect(ungated.verdict.state).toBe('pass');
  });

  it('pairs target by target, a single prompt version with the other run’s single version, and reports the rest unpaired', async () => {
    const baseline = [
      ...side(
        'base',
        pattern(100, () => true),
        { promptId: 'triage-v1', targetId: 'premium' },
      ),
      ...side(
        'base',
        pattern(100, () => true),
        { promptId: 'triage-v1', targetId: 'retired' },
      ),
    ];
    const candidate = [
      ...side(
        'cand',
        pattern(100, () => true),
        { promptId: 'triage-v2', targetId: 'premium' },
      ),
      ...side(
        'cand',
        pattern(100, () => true),
        { promptId: 'triage-v2', targetId: 'new' },
      ),
    ];
    const comparison = await compare(baseline, candidate);
    expect(
      comparison.groups.map((group) => [
        group.targetId,
        group.baselinePromptId,
        group.candidatePromptId,
      ]),
    ).toEqual([['premium', 'triage-v1', 'triage-v2']]);
    expect(comparison.unpaired).toEqual([
      {
        side: 'candidate',
        targetId: 'new',
        promptId: 'triage-v2',
        reason: 'target "new" is not in the baseline run',
      },
      {
        side: 'baseline',
        targetId: 'retired',
        promptId: 'triage-v1',
        reason: 'target "retired" is not in the candidate run',
      },
    ]);
    const several = await compare(
      [
        ...side(
          'base',
          pattern(50, () => true),
          { promptId: 'a' },
        ),
        ...side(
          'base',
          pattern(50, () => true),
          { promptId: 'b' },
        ),
      ],
      [
        ...side(
          'cand',
          pattern(50, () => true),
          { promptId: 'b' },
        ),
        ...side(
          'cand',
          pattern(50, () => true),
          { promptId: 'c' },
        ),
      ],
    );
    expect(several.groups.map((group) => group.baselinePromptId)).toEqual(['b']);
    expect(several.unpaired.map((entry) => `${entry.side}:${entry.promptId}`)).toEqual([
      'baseline:a',
      'candidate:c',
    ]);
  });

  it('applies Holm across targets and metrics, and is deterministic for a seed', async () => {
    const make = (runId: string, passing: (index: number) => boolean) => [
      ...side(runId, pattern(120, passing), { targetId: 'one' }),
      ...side(runId, pattern(120, passing), { targetId: 'two' }),
    ];
    const baseline = make('base', (index) => index < 110);
    const candidate = make('cand', (index) => index < 95);
    const first = await compare(baseline, candidate);
    const second = await compare(baseline, candidate);
    expect(second).toEqual(first);
    const tests = first.groups.flatMap((group) => group.metrics);
    expect(tests).toHaveLength(6);
    for (const test of tests) expect(test.adjustedPValue).toBeGreaterThanOrEqual(test.pValue);
    const smallest = Math.min(...tests.map((test) => test.pValue));
    const holmFirst = tests.find((test) => test.pValue === smallest)!;
    expect(holmFirst.adjustedPValue).toBeCloseTo(Math.min(1, smallest * 6), 12);
  });

  it('fails a candidate under the minimum pass rate even without a significant drop', async () => {
    const comparison = await compare(
      side(
        'base',
        pattern(200, (index) => index < 120),
      ),
      side(
        'cand',
        pattern(200, (index) => index < 120),
      ),
      { minPassRate: 0.8 },
    );
    expect(comparison.verdict.state).toBe('regressed');
    expect(comparison.verdict.reasons).toEqual([
      'model-a (prompt-v1): pass rate 60.0% is below the 80.0% floor (minPassRate)',
    ]);
  });
});
