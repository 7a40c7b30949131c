import { describe, expect, it } from 'vitest';
import { passAtK, passHatK } from './pass-at-k.js';
import { quantileExact, quantilesExact } from './quantile-exact.js';

describe('quantileExact (ClickHouse definition)', () => {
  it('takes the element at floor(level * n) of the sorted values', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    // SELECT quantileExact(0.5)(number + 1), quantileExact(0.95)(number + 1) FROM numbers(10) → 6, 10
    expect(quantilesExact(values, [0.5, 0.95])).toEqual([6, 10]);
    expect(quantileExact([3, 1, 2], 0.5)).toBe(2);
    expect(quantileExact([5], 0.95)).toBe(5);
    expect(quantileExact([4, 1], 1)).toBe(4);
    expect(quantileExact([], 0.5)).toBeNull();
  });

  it('never interpolates', () => {
    const values = [1, 2, 3, 100];
    expect(values).toContain(quantileExact(values, 0.95));
  });
});

describe('pass@k and pass^k', () => {
  /** Independent: by enumerating every k-subset of n samples. */
  function enumerate(samples: number, correct: number, k: number): [number, number] {
    let anyPass = 0;
    let allPass = 0;
    let subsets = 0;
    const visit = (start: number, chosen: number[]): void => {
      if (chosen.length === k) {
        subsets += 1;
        const passes = chosen.filter((index) => index < correct).length;
        if (passes > 0) anyPass += 1;
        if (passes === k) allPass += 1;
        return;
      }
      for (let index = start; index < samples; index += 1) visit(index + 1, [...chosen, index]);
    };
    visit(0, []);
    return [anyPass / subsets, allPass / subsets];
  }

  it('equals the share of k-subsets with any / all passing', () => {
    for (const [samples, correct, k] of [
      [5, 2, 2],
      [5, 0, 3],
      [6, 6, 4],
      [8, 3, 1],
      [10, 7, 5],
    ] as const) {
      const [any, all] = enumerate(samples, correct, k);
      expect(passAtK({ samples, correct, k })).toBeCloseTo(any, 12);
      expect(passHatK({ samples, correct, k })).toBeCloseTo(all, 12);
    }
    expect(passAtK({ samples: 5, correct: 2, k: 2 })).toBeCloseTo(0.7, 12);
    expect(passHatK({ samples: 5, correct: 2, k: 2 })).toBeCloseTo(0.1, 12);
  });

  it('rejects k beyond the samples', () => {
    expect(() => passAtK({ samples: 2, correct: 1, k: 3 })).toThrow(/k <= samples/);
  });
});
