import { describe, expect, it } from 'vitest';
import type { ScorerDefinition } from '../suite/suite-definition.js';
import { scoreInput } from '../test-support/score-with.js';
import { scoreCase } from './score-case.js';
import type { ActiveScorer } from './score-case.js';

function fixed(
  name: string,
  score: number,
  passed: boolean,
  definition: Partial<ScorerDefinition> = {},
): ActiveScorer {
  return {
    definition: {
      name,
      type: 'fixed',
      weight: 1,
      required: false,
      negate: false,
      options: {},
      ...definition,
    },
    prepared: { score: () => ({ score, passed, reason: `${name} says ${score}` }) },
  };
}

describe('scoreCase', () => {
  it('takes the weighted mean and, without a threshold, needs every scorer to pass', async () => {
    const result = await scoreCase({
      scorers: [fixed('a', 1, true, { weight: 3 }), fixed('b', 0, false)],
      input: scoreInput({}),
      threshold: null,
    });
    expect(result.score).toBeCloseTo(0.75, 12);
    expect(result.passed).toBe(false);
  });

  it('passes on the threshold unless a required scorer fails', async () => {
    const scorers = [fixed('a', 1, true, { weight: 3 }), fixed('b', 0, false)];
    expect((await scoreCase({ scorers, input: scoreInput({}), threshold: 0.75 })).passed).toBe(
      true,
    );
    expect((await scoreCase({ scorers, input: scoreInput({}), threshold: 0.8 })).passed).toBe(
      false,
    );
    const required = [fixed('a', 1, true, { weight: 3 }), fixed('b', 0, false, { required: true })];
    expect(
      (await scoreCase({ scorers: required, input: scoreInput({}), threshold: 0.5 })).passed,
    ).toBe(false);
  });

  it('negates a scorer: 1 − score and the pass flag flipped', async () => {
    const result = await scoreCase({
      scorers: [fixed('refusal', 0.25, false, { negate: true })],
      input: scoreInput({}),
      threshold: null,
    });
    expect(result.scores[0]).toMatchObject({
      score: 0.75,
      passed: true,
      reason: 'not: refusal says 0.25',
    });
    expect(result.passed).toBe(true);
  });

  it('fails a scorer that throws, with its message, without failing the others', async () => {
    const throwing: ActiveScorer = {
      definition: {
        name: 'bad',
        type: 'x',
        weight: 1,
        required: false,
        negate: false,
        options: {},
      },
      prepared: {
        score: () => {
          throw new Error('kaput');
        },
      },
    };
    const result = await scoreCase({
      scorers: [throwing, fixed('ok', 1, true)],
      input: scoreInput({}),
      threshold: 0.5,
    });
    expect(result.scores[0]).toMatchObject({
      score: 0,
      passed: false,
      reason: 'scorer failed: kaput',
    });
    expect(result.passed).toBe(true);
  });
});
