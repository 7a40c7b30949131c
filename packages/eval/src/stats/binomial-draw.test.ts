import { describe, expect, it } from 'vitest';
import { binomialDraw, logFactorial } from './binomial-draw.js';
import { binomialCdf } from './distributions.js';
import { StatisticsInputError } from './interval.js';
import { createSeededRandom } from './seeded-random.js';

describe('logFactorial', () => {
  it('matches the sum of logarithms on both sides of the table', () => {
    let exact = 0;
    for (let value = 1; value <= 2000; value += 1) {
      exact += Math.log(value);
      if (value === 5 || value === 255 || value === 256 || value === 2000) {
        expect(Math.abs(logFactorial(value) - exact) / exact).toBeLessThan(1e-13);
      }
    }
    expect(logFactorial(0)).toBe(0);
  });
});

describe('binomialDraw', () => {
  // Pearson's chi-square against the exact probabilities (cells with expectation < 5 merged into
  // the tails). 20,000 draws; the bounds are the 0.1% and 99.9% points of chi-square with ~df.
  const chiSquare = (trials: number, probability: number, seed: number) => {
    const random = createSeededRandom(seed);
    const draws = 20_000;
    const observed = new Array<number>(trials + 1).fill(0);
    for (let draw = 0; draw < draws; draw += 1)
      observed[binomialDraw(trials, probability, random)]! += 1;
    const cells: { observed: number; expected: number }[] = [];
    let pending = { observed: 0, expected: 0 };
    for (let value = 0; value <= trials; value += 1) {
      const mass =
        binomialCdf(value, trials, probability) -
        (value === 0 ? 0 : binomialCdf(value - 1, trials, probability));
      pending = {
        observed: pending.observed + observed[value]!,
        expected: pending.expected + mass * draws,
      };
      if (pending.expected >= 5) {
        cells.push(pending);
        pending = { observed: 0, expected: 0 };
      }
    }
    cells[cells.length - 1]!.observed += pending.observed;
    cells[cells.length - 1]!.expected += pending.expected;
    const statistic = cells.reduce(
      (total, cell) => total + (cell.observed - cell.expected) ** 2 / cell.expected,
      0,
    );
    return { statistic, freedom: cells.length - 1 };
  };

  it.each([
    [20, 0.3],
    [1000, 0.02],
    [5000, 0.5],
    [40_000, 0.85],
  ])('follows Binomial(%i, %f) (chi-square)', (trials, probability) => {
    const { statistic, freedom } = chiSquare(trials, probability, trials);
    // Wilson–Hilferty 0.1% and 99.9% points of chi-square(freedom).
    const point = (z: number) =>
      freedom * (1 - 2 / (9 * freedom) + z * Math.sqrt(2 / (9 * freedom))) ** 3;
    expect(statistic).toBeGreaterThan(point(-3.09));
    expect(statistic).toBeLessThan(point(3.09));
  });

  it('has the mean n·p within six standard errors, close enough to tell p = 0.501 apart', () => {
    const random = createSeededRandom(9);
    let total = 0;
    for (let draw = 0; draw < 20_000; draw += 1) total += binomialDraw(5000, 0.5, random);
    expect(Math.abs(total / 20_000 - 2500)).toBeLessThan(1.5);
    expect(Math.abs(total / 20_000 - 5000 * 0.501)).toBeGreaterThan(3);
  });

  it('handles the degenerate cases and rejects bad parameters', () => {
    const random = createSeededRandom(1);
    expect(binomialDraw(0, 0.4, random)).toBe(0);
    expect(binomialDraw(12, 0, random)).toBe(0);
    expect(binomialDraw(12, 1, random)).toBe(12);
    expect(() => binomialDraw(-1, 0.5, random)).toThrowError(StatisticsInputError);
    expect(() => binomialDraw(3.5, 0.5, random)).toThrowError(StatisticsInputError);
    expect(() => binomialDraw(3, 1.5, random)).toThrowError(StatisticsInputError);
  });
});
