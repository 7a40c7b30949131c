import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
// Medicine 17:857–872, Table II, method 3 (score interval without continuity correction).
const newcombeExamples = [
  { successes: 81, total: 263, lower: 0.2553, upper: 0.3662 },
  { successes: 15, total: 148, lower: 0.0624, upper: 0.1605 },
  { successes: 0, total: 20, lower: 0, upper: 0.1611 },
  { successes: 1, total: 29, lower: 0.0061, upper: 0.1718 },
];

/** Independent computation: the interval's bounds are the roots of (p̂ − p)² = z²·p(1 − p)/n. */
function wilsonByQuadratic(successes: number, total: number, z: number): [number, number] {
  const proportion = successes / total;
  const a = 1 + (z * z) / total;
  const b = -(2 * proportion + (z * z) / total);
  const c = proportion * proportion;
  const discriminant = Math.sqrt(b * b - 4 * a * c);
  return [(-b - discriminant) / (2 * a), (-b + discriminant) / (2 * a)];
}

describe('wilsonInterval', () => {
  it.each(newcombeExamples)(
    'matches the published interval for $successes/$total',
    ({ successes, total, lower, upper }) => {
      const interval = wilsonInterval({ successes, total });
      expect(interval.lower).toBeCloseTo(lower, 4);
      expect(interval.upper).toBeCloseTo(upper, 4);
      expect(interval.confidence).toBe(0.95);
    },
  );

  it('agrees with the quadratic-root form at other confidence levels', () => {
    const z99 = 2.5758293035489004;
    for (const [successes, total] of [
      [7, 10],
      [99, 100],
      [500, 1000],
    ] as const) {
      const [lower, upper] = wilsonByQuadratic(successes, total, z99);
      const interval = wilsonInterval({ successes, total, confidence: 0.99 });
      expect(interval.lower).toBeCloseTo(lower, 10);
      expect(interval.upper).toBeCloseTo(upper, 10);
    }
  });

  it('stays inside [0, 1] at the edges', () => {
    expect(wilsonInterval({ successes: 10, total: 10 }).upper).toBe(1);
    expect(wilsonInterval({ successes: 0, total: 10 }).lower).toBe(0);
  });

  it('rejects impossible counts with a clear message', () => {
    expect(() => wilsonInterval({ successes: 3, total: 0 })).toThrow(/at least one trial/);
    expect(() => wilsonInterval({ successes: 5, total: 4 })).toThrow(/exceed total/);
    expect(() => wilsonInterval({ successes: 1.5, total: 4 })).toThrow(/non-negative integer/);
  });
});
