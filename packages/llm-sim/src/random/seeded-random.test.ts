import { describe, expect, it } from 'vitest';
import { createSeededRandom, sampleLogNormal } from './seeded-random.js';

describe('seeded random', () => {
  it('repeats the same sequence for the same parts', () => {
    const draw = (parts: (string | number)[]) => {
      const random = createSeededRandom(parts);
      return [random(), random(), random()];
    };
    expect(draw([1, 'a'])).toEqual(draw([1, 'a']));
    expect(draw([1, 'a'])).not.toEqual(draw([1, 'b']));
    for (const value of draw([9])) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('fits the log-normal to the median and the 95th percentile', () => {
    const random = createSeededRandom(['fit']);
    const samples = Array.from({ length: 20_000 }, () =>
      sampleLogNormal({ median: 100, p95: 400, random }),
    ).sort((left, right) => left - right);
    expect(samples[10_000]).toBeGreaterThan(95);
    expect(samples[10_000]).toBeLessThan(105);
    expect(samples[19_000]).toBeGreaterThan(370);
    expect(samples[19_000]).toBeLessThan(430);
    expect(sampleLogNormal({ median: 0, p95: 10, random })).toBe(0);
    expect(sampleLogNormal({ median: 50, p95: 50, random })).toBe(50);
  });
});
