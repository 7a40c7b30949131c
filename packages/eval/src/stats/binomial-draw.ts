import { StatisticsInputError } from './interval.js';
import type { RandomSource } from './seeded-random.js';

/**
 * One Binomial(trials, probability) draw by inversion of its distribution function, from a single
 * uniform of `random`. The support is walked outward from the mode (mode, mode + 1, mode − 1, …),
 * which is still an inversion (any fixed order of the support is), and takes about one standard
 * deviation of steps instead of the mean's. The probability at the mode comes from log-factorials
 * (Stirling's series above 255), accurate to about 1e-12 relatively, the rest by the ratio
 * recurrence; so the draw follows the binomial law up to that rounding.
 */
export function binomialDraw(trials: number, probability: number, random: RandomSource): number {
  if (!Number.isInteger(trials) || trials < 0 || !(probability >= 0 && probability <= 1)) {
    throw new StatisticsInputError(
      `a binomial draw needs whole trials >= 0 and a probability in [0, 1] (got ${trials}, ${probability})`,
    );
  }
  // Walk the smaller tail's side: fewer steps and no underflow of the probability at the mode.
  if (probability > 0.5) return trials - binomialDraw(trials, 1 - probability, random);
  if (trials === 0 || probability === 0) return 0;
  const failure = 1 - probability;
  const odds = probability / failure;
  const mode = Math.min(trials, Math.floor((trials + 1) * probability));
  const atMode = Math.exp(
    logFactorial(trials) -
      logFactorial(mode) -
      logFactorial(trials - mode) +
      mode * Math.log(probability) +
      (trials - mode) * Math.log(failure),
  );
  let remaining = random() - atMode;
  if (remaining < 0) return mode;
  let upper = mode;
  let lower = mode;
  let upperMass = atMode;
  let lowerMass = atMode;
  while (upper < trials || lower > 0) {
    if (upper < trials) {
      upperMass *= ((trials - upper) / (upper + 1)) * odds;
      upper += 1;
      remaining -= upperMass;
      if (remaining < 0) return upper;
    }
    if (lower > 0) {
      lowerMass *= lower / ((trials - lower + 1) * odds);
      lower -= 1;
      remaining -= lowerMass;
      if (remaining < 0) return lower;
    }
  }
  // Only rounding can leave mass unspent (a uniform within ~1e-12 of 1): the mode is the nearest.
  return mode;
}

const TABLE_SIZE = 256;
const LOG_FACTORIALS = new Float64Array(TABLE_SIZE);
for (let value = 2; value < TABLE_SIZE; value += 1) {
  LOG_FACTORIALS[value] = (LOG_FACTORIALS[value - 1] as number) + Math.log(value);
}

/** ln(k!), from a table below 256 and Stirling's series (error below 1e-16 relatively) above. */
export function logFactorial(value: number): number {
  if (value < TABLE_SIZE) return LOG_FACTORIALS[value] as number;
  const inverse = 1 / value;
  const inverseSquared = inverse * inverse;
  return (
    value * Math.log(value) -
    value +
    0.5 * Math.log(2 * Math.PI * value) +
    inverse * (1 / 12 - inverseSquared * (1 / 360 - inverseSquared / 1260))
  );
}
