import type { ScorerOutcome } from '@sextant/spec';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.js';
import { ScoresJsonWriter } from './scores-json-writer.js';
import { TRICKY_TEXT } from './test-support/eval-fixtures.js';

class Outcome {
  constructor(readonly name: string) {}
}

const outcome: ScorerOutcome = {
  name: 'exact',
  type: 'equals',
  score: 1,
  passed: true,
  reason: '',
  weight: 1,
  required: true,
};

/** Cast helper: the writer must match JSON.stringify on anything a caller might pass at runtime. */
const odd = (...items: unknown[]): ScorerOutcome[] => items as ScorerOutcome[];

const CASES: Record<string, ScorerOutcome[]> = {
  empty: [],
  typical: [outcome, { ...outcome, name: 'judge', type: 'llm-judge', score: 0.8, reason: 'good' }],
  hostile: [{ ...outcome, name: TRICKY_TEXT, reason: `${TRICKY_TEXT}\u0000\u001f\t\n"\\/` }],
  unicode: [{ ...outcome, reason: 'é漢🚀 \ud800 lone \udfff surrogates \u2028\u2029' }],
  numbers: [-0, 0.1 + 0.2, -1.5, 1e21, 1e-7, 2 ** 53, -(2 ** 53) + 1, NaN, -Infinity, 123456].map(
    (score) => ({ ...outcome, score, weight: score }),
  ),
  keyOrderAndExtras: odd({ score: 1, name: 'x', extra: null, nested: undefined, fn: () => 1 }),
  symbolValue: odd({ name: 'x', tag: Symbol('t') }),
  nestedObject: odd({ name: 'x', details: { deep: [1, 'two'] } }),
  classInstance: odd(new Outcome('x')),
  withToJson: odd({ name: 'x', toJSON: () => 'replaced' }),
  nullPrototype: odd(Object.assign(Object.create(null) as object, { name: 'x' })),
  hole: odd(outcome, undefined, null),
  dateValue: odd({ name: 'x', at: new Date(0) }),
  long: [{ ...outcome, reason: 'r'.repeat(10_000) }],
};

function viaStringify(scores: ScorerOutcome[]): Buffer {
  const writer = new ByteWriter(16);
  writer.string(JSON.stringify(scores));
  return Buffer.from(writer.result());
}

describe('ScoresJsonWriter', () => {
  it.each(Object.keys(CASES))('writes the bytes JSON.stringify gives: %s', (name) => {
    const scores = CASES[name] as ScorerOutcome[];
    const json = new ScoresJsonWriter();
    const writer = new ByteWriter(16);
    // Twice through one writer: its reused scratch must not leak the first value into the second.
    json.write(writer, CASES['long'] as ScorerOutcome[]);
    writer.reset();
    json.write(writer, scores);
    expect(Buffer.from(writer.result()).toString('hex')).toBe(viaStringify(scores).toString('hex'));
  });

  it('matches JSON.stringify when one writer goes through every case twice (keys reused by position)', () => {
    const json = new ScoresJsonWriter();
    const writer = new ByteWriter(16);
    const names = [...Object.keys(CASES), ...Object.keys(CASES).reverse()];
    const mismatched = names.filter((name) => {
      const scores = CASES[name] as ScorerOutcome[];
      writer.reset();
      json.write(writer, scores);
      return !Buffer.from(writer.result()).equals(viaStringify(scores));
    });
    expect(mismatched).toEqual([]);
  });

  it('matches JSON.stringify while Object.prototype has an enumerable key', () => {
    const scores = CASES['typical'] as ScorerOutcome[];
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 'x',
      enumerable: true,
      configurable: true,
      writable: true,
    });
    const writer = new ByteWriter(16);
    let expected: Buffer;
    try {
      new ScoresJsonWriter().write(writer, scores);
      expected = viaStringify(scores);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    expect(Buffer.from(writer.result()).toString('hex')).toBe(expected.toString('hex'));
  });

  it('throws what JSON.stringify throws on a BigInt', () => {
    const scores = odd({ name: 'x', score: 1n });
    expect(() => JSON.stringify(scores)).toThrow(TypeError);
    expect(() => new ScoresJsonWriter().write(new ByteWriter(16), scores)).toThrow(TypeError);
  });
});
