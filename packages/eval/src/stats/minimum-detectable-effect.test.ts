import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect } from './minimum-detectable-effect.js';
import { pairedPassRateChange } from './paired-pass-rate-change.js';
import { createSeededRandom } from './seeded-random.js';

describe('minimumDetectableEffect', () => {
  it('shrinks with more pairs and grows with more discordance', () => {
    const small = minimumDetectableEffect({ pairs: 50, discordance: 0.2, margin: 0.02 })!;
    const large = minimumDetectableEffect({ pairs: 500, discordance: 0.2, margin: 0.02 })!;
    const noisy = minimumDetectableEffect({ pairs: 500, discordance: 0.4, margin: 0.02 })!;
    expect(small).toBeGreaterThan(large);
    expect(noisy).toBeGreaterThan(large);
    expect(large).toBeGreaterThan(0.02);
  });

  it('is null when the exact test could not flag anything with so few pairs', () => {
    expect(minimumDetectableEffect({ pairs: 4, discordance: 0.5, margin: 0.02 })).toBeNull();
    expect(minimumDetectableEffect({ pairs: 0, discordance: 0, margin: 0.02 })).toBeNull();
  });

  it('gives about the stated power in a seeded simulation of the exact test', () => {
    const pairs = 300;
    const discordance = 0.2;
    const margin = 0.02;
    const drop = minimumDetectableEffect({ pairs, discordance, margin })!;
    const random = createSeededRandom(21);
    // Each pair is baseline-only with probability (ψ + Δ)/2 and candidate-only with (ψ − Δ)/2.
    const lossProbability = (discordance + drop) / 2;
    const winProbability = (discordance - drop) / 2;
    let flagged = 0;
    const simulations = 400;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      let baselineOnly = 0;
      let candidateOnly = 0;
      for (let pair = 0; pair < pairs; pair += 1) {
        const draw = random();
        if (draw < lossProbability) baselineOnly += 1;
        else if (draw < lossProbability + winProbability) candidateOnly += 1;
      }
      const change = pairedPassRateChange({ pairs, baselineOnly, candidateOnly, margin });
      if (change.nonInferiorityPValue < 0.025) flagged += 1;
    }
    // Normal approximation vs the exact, discrete test: allow ±12 points around 80%.
    expect(flagged / simulations).toBeGreaterThan(0.68);
    expect(flagged / simulations).toBeLessThan(0.92);
  });
});
