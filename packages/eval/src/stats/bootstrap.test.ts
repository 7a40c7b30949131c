import { describe, expect, it } from 'vitest';
import { bootstrapReplicates } from './bootstrap.js';
import { bootstrapMean, bootstrapRatio } from './bootstrap-statistics.js';
import { pairedBootstrapMeanDifference, pairedBootstrapRatioChange } from './paired-bootstrap.js';
import { createSeededRandom } from './seeded-random.js';

/** Exponential(1) draws by inversion, from the same seeded source. */
function exponential(random: () => number): number {
  return -Math.log(1 - random());
}

describe('bootstrap determinism', () => {
  it('gives identical replicates for the same seed and different ones for another seed', () => {
    const values = [1, 4, 2, 8, 5, 7];
    const run = (seed: number) =>
      Array.from(
        bootstrapReplicates({
          sampleSize: values.length,
          statistic: (indices) => values[indices[0]!]!,
          replicates: 50,
          random: createSeededRandom(seed),
        }),
      );
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('draws uniformly over the units', () => {
    const random = createSeededRandom(1);
    const counts = new Array<number>(10).fill(0);
    for (let draw = 0; draw < 100_000; draw += 1) counts[Math.floor(random() * 10)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});

describe('bootstrap coverage (seeded simulation)', () => {
  // 400 simulated data sets; the 95% interval's coverage has a binomial standard error of about
  // 1.1 points, so [0.90, 0.985] is a loose but failing-capable band (a 90% or 99% interval fails).
  const simulations = 400;

  it('the percentile interval for a mean covers the true mean at about 95%', () => {
    const random = createSeededRandom(11);
    let covered = 0;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      const values = Float64Array.from({ length: 80 }, () => exponential(random));
      const { interval } = bootstrapMean({ values, replicates: 1000, random });
      if (interval.lower <= 1 && 1 <= interval.upper) covered += 1;
    }
    const coverage = covered / simulations;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.985);
  });

  it('the interval for a ratio of sums (cost per success) covers the true ratio at about 95%', () => {
    const random = createSeededRandom(12);
    // Cost ~ Exponential(mean 0.002 USD), pass ~ Bernoulli(0.6), independent: true ratio 0.002 / 0.6.
    const truth = 0.002 / 0.6;
    let covered = 0;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      const numerators = Float64Array.from({ length: 100 }, () => 0.002 * exponential(random));
      const denominators = Float64Array.from({ length: 100 }, () => (random() < 0.6 ? 1 : 0));
      const { interval } = bootstrapRatio({ numerators, denominators, replicates: 1000, random });
      if (interval.lower <= truth && truth <= interval.upper) covered += 1;
    }
    const coverage = covered / simulations;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.985);
  });

  it('the paired difference interval covers the true difference at about 95%', () => {
    const random = createSeededRandom(13);
    let covered = 0;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      const baseline = Float64Array.from({ length: 60 }, () => random());
      // Candidate = baseline − 0.05 + noise: the true mean difference is −0.05.
      const candidate = baseline.map((value) => value - 0.05 + (random() - 0.5) * 0.4);
      const { interval } = pairedBootstrapMeanDifference({
        baseline,
        candidate,
        margin: 0,
        replicates: 1000,
        random,
      });
      if (interval.lower <= -0.05 && -0.05 <= interval.upper) covered += 1;
    }
    const coverage = covered / simulations;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.985);
  });
});

describe('paired bootstrap against a margin', () => {
  it('flags a clear score drop beyond the margin and not a drop inside it', () => {
    const baseline = Float64Array.from({ length: 200 }, (_, index) => 0.6 + (index % 10) / 40);
    const dropped = baseline.map((value, index) => value - 0.1 + ((index % 7) - 3) / 200);
    const clear = pairedBootstrapMeanDifference({ baseline, candidate: dropped, margin: 0.02 });
    expect(clear.change).toBeCloseTo(-0.1, 2);
    expect(clear.interval.upper).toBeLessThan(-0.02);
    expect(clear.nonInferiorityPValue).toBeLessThan(0.01);
    const small = baseline.map((value, index) => value - 0.005 + ((index % 7) - 3) / 200);
    const inside = pairedBootstrapMeanDifference({ baseline, candidate: small, margin: 0.02 });
    expect(inside.nonInferiorityPValue).toBeGreaterThan(0.5);
  });

  it('measures the relative change of cost per success and counts a candidate with no success as +∞', () => {
    const size = 50;
    const baseline = {
      numerators: new Float64Array(size).fill(0.01),
      denominators: Float64Array.from({ length: size }, (_, index) => (index % 2 === 0 ? 1 : 0)),
    };
    const doubled = {
      numerators: baseline.numerators.map((value) => value * 2),
      denominators: baseline.denominators,
    };
    const change = pairedBootstrapRatioChange({ baseline, candidate: doubled, maxIncrease: 0.1 });
    expect(change.change).toBeCloseTo(1, 12);
    expect(change.interval.lower).toBeGreaterThan(0.1);
    expect(change.nonInferiorityPValue).toBeLessThan(0.001);
    const none = { numerators: baseline.numerators, denominators: new Float64Array(size) };
    const hopeless = pairedBootstrapRatioChange({ baseline, candidate: none, maxIncrease: 0.1 });
    expect(hopeless.change).toBe(Number.POSITIVE_INFINITY);
    expect(hopeless.interval.lower).toBe(Number.POSITIVE_INFINITY);
  });
});
