import { describe, expect, it } from 'vitest';
import { createSeededRandom, drawIndices } from './seeded-random.js';

describe('drawIndices', () => {
  it('draws the indices, and leaves the state, of one call to the source per index', () => {
    const bulk = createSeededRandom(42);
    const oneByOne = createSeededRandom(42);
    for (const size of [1, 7, 1000, 2 ** 31 + 11]) {
      const indices = new Uint32Array(500);
      drawIndices(bulk, indices, size);
      const expected = Array.from({ length: 500 }, () => Math.floor(oneByOne() * size));
      expect(Array.from(indices)).toEqual(expected);
      expect(Math.max(...indices)).toBeLessThan(size);
    }
    expect(bulk()).toBe(oneByOne());
  });

  it('calls any other source once per index', () => {
    const seeded = createSeededRandom(5);
    let calls = 0;
    const counted = () => {
      calls += 1;
      return seeded();
    };
    const indices = new Uint32Array(64);
    drawIndices(counted, indices, 10);
    expect(calls).toBe(64);
    const reference = createSeededRandom(5);
    expect(Array.from(indices)).toEqual(
      Array.from({ length: 64 }, () => Math.floor(reference() * 10)),
    );
  });
});
