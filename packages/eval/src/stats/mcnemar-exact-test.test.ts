import { describe, expect, it } from 'vitest';
import { mcnemarExactTest } from './mcnemar-exact-test.js';
import { pairedPassRateChange } from './paired-pass-rate-change.js';

/** Independent exact computation with big integers: P(X <= x) for X ~ Binomial(m, 1/2). */
function lowerTailHalf(x: number, m: number): number {
  let coefficient = 1n;
  let total = 0n;
  for (let k = 0; k <= x; k += 1) {
    total += coefficient;
    coefficient = (coefficient * BigInt(m - k)) / BigInt(k + 1);
  }
  return Number((total * 10n ** 18n) / 2n ** BigInt(m)) / 1e18;
}

describe('mcnemarExactTest', () => {
  it('gives the textbook p-values', () => {
    // 1 vs 8 discordant pairs: 2·(1 + 9)/2⁹ = 0.0390625; R: binom.test(2, 12) = 0.03857422.
    expect(mcnemarExactTest({ baselineOnly: 1, candidateOnly: 8 }).pValue).toBeCloseTo(
      0.0390625,
      12,
    );
    expect(mcnemarExactTest({ baselineOnly: 10, candidateOnly: 2 }).pValue).toBeCloseTo(
      0.03857422,
      8,
    );
  });

  it('agrees with an exact big-integer computation', () => {
    for (const [baselineOnly, candidateOnly] of [
      [0, 5],
      [3, 17],
      [40, 61],
      [250, 300],
    ] as const) {
      const discordant = baselineOnly + candidateOnly;
      const expected = Math.min(
        1,
        2 * lowerTailHalf(Math.min(baselineOnly, candidateOnly), discordant),
      );
      expect(mcnemarExactTest({ baselineOnly, candidateOnly }).pValue).toBeCloseTo(expected, 10);
      const oneSided = 1 - (baselineOnly === 0 ? 0 : lowerTailHalf(baselineOnly - 1, discordant));
      const result = mcnemarExactTest({
        baselineOnly,
        candidateOnly,
        alternative: 'candidate-worse',
      });
      expect(result.pValue).toBeCloseTo(oneSided, 10);
    }
  });

  it('is 1 without discordant pairs and symmetric in its two counts', () => {
    expect(mcnemarExactTest({ baselineOnly: 0, candidateOnly: 0 }).pValue).toBe(1);
    expect(mcnemarExactTest({ baselineOnly: 4, candidateOnly: 9 }).pValue).toBe(
      mcnemarExactTest({ baselineOnly: 9, candidateOnly: 4 }).pValue,
    );
  });
});

describe('pairedPassRateChange', () => {
  it('reduces to the one-sided exact McNemar test with a zero margin', () => {
    const change = pairedPassRateChange({
      pairs: 100,
      baselineOnly: 12,
      candidateOnly: 3,
      margin: 0,
    });
    expect(change.change).toBeCloseTo(-0.09, 12);
    expect(change.nonInferiorityPValue).toBeCloseTo(1 - lowerTailHalf(11, 15), 10);
  });

  it('is dual to its interval: significant exactly when the interval lies beyond the margin', () => {
    for (let baselineOnly = 0; baselineOnly <= 30; baselineOnly += 1) {
      const change = pairedPassRateChange({
        pairs: 200,
        baselineOnly,
        candidateOnly: 4,
        margin: 0.02,
      });
      expect(change.interval.lower).toBeLessThanOrEqual(change.change);
      expect(change.interval.upper).toBeGreaterThanOrEqual(change.change);
      expect(change.nonInferiorityPValue < 0.025).toBe(change.interval.upper < -0.02);
    }
  });

  it('cannot flag a drop beyond the margin that the discordant pairs cannot make', () => {
    // 1 discordant pair out of 100 moves the pass rate by at most 1 point < 2-point margin.
    const change = pairedPassRateChange({
      pairs: 100,
      baselineOnly: 1,
      candidateOnly: 0,
      margin: 0.02,
    });
    expect(change.nonInferiorityPValue).toBe(1);
  });
});
