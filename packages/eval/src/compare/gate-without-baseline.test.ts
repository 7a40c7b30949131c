import { describe, expect, it } from 'vitest';
import {
  buildErrorResult,
  buildResults,
  buildRun,
} from '../report/test-support/eval-result-builder.js';
import { EXIT_CODES, exitCodeForVerdict } from './exit-codes.js';
import { DEFAULT_GATE_SETTINGS } from './gate-settings.js';
import { gateWithoutBaseline } from './gate-without-baseline.js';

describe('gateWithoutBaseline', () => {
  const run = buildRun();

  it('passes above the floor and regresses below it, errors left out of the pass rate', async () => {
    const results = [
      ...buildResults({ count: 10, passing: 9, targetId: 'good' }),
      ...buildResults({ count: 10, passing: 6, targetId: 'weak' }),
      buildErrorResult({ caseId: 'case-0099', targetId: 'good' }),
    ];
    const settings = { ...DEFAULT_GATE_SETTINGS, minPassRate: 0.8, maxErrorRate: 0.1 };
    const gate = await gateWithoutBaseline({ run, results, settings });
    expect(gate.groups.find((group) => group.targetId === 'good')!.passRate).toBeCloseTo(0.9, 12);
    expect(gate.verdict).toEqual({
      state: 'regressed',
      reasons: ['weak (prompt-v1): pass rate 60.0% is below the 80.0% floor (minPassRate)'],
      exitCode: EXIT_CODES.regressed,
    });
    const lenient = await gateWithoutBaseline({
      run,
      results,
      settings: { ...settings, minPassRate: 0.5 },
    });
    expect(lenient.verdict.state).toBe('pass');
  });

  it('gates nothing without a floor, and is incomplete over the error cap', async () => {
    const results = buildResults({ count: 10, passing: 2 });
    const none = await gateWithoutBaseline({ run, results, settings: DEFAULT_GATE_SETTINGS });
    expect(none.verdict.state).toBe('none');
    expect(exitCodeForVerdict(none.verdict.state)).toBe(0);
    const failing = await gateWithoutBaseline({
      run,
      results: [...results, buildErrorResult({ caseId: 'x' })],
      settings: DEFAULT_GATE_SETTINGS,
    });
    expect(failing.verdict.state).toBe('incomplete');
    expect(failing.verdict.exitCode).toBe(4);
  });

  it('documents distinct exit codes', () => {
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(5);
    expect(EXIT_CODES).toEqual({
      pass: 0,
      regressed: 1,
      configError: 2,
      inconclusive: 3,
      incomplete: 4,
    });
  });
});
