import { normalQuantile } from './distributions.js';
import { assertCount, StatisticsInputError } from './interval.js';
import { pairedPassRateChange } from './paired-pass-rate-change.js';

export interface MinimumDetectableEffectOptions {
  /** Paired cases, n. */
  pairs: number;
  /** Observed share of discordant pairs, in [0, 1]. */
  discordance: number;
  /** The non-inferiority margin the gate tests against. */
  margin: number;
  /** One-sided level of the test; defaults to 0.025 (the 95% two-sided interval). */
  alpha?: number;
  /** Defaults to 0.8. */
  power?: number;
}

/**
 * The smallest drop in pass rate that the paired non-inferiority test would flag with the given
 * power, or null when no drop at all could be flagged with this many pairs.
 *
 * Method: Connor's (1987) normal approximation for McNemar's test, shifted to the margin δ:
 * √n·(Δ − δ) = z(1−α)·√(ψ − δ²) + z(power)·√(ψ − Δ²), solved for Δ. The discordance ψ is the larger
 * of the observed one and Δ itself (a drop of Δ changes at least a share Δ of the cases), so a
 * run with identical outputs still gets an honest figure. Null when even n discordant pairs all
 * going the wrong way could not reach significance under the exact test.
 */
export function minimumDetectableEffect(options: MinimumDetectableEffectOptions): number | null {
  const { pairs, discordance, margin } = options;
  const alpha = options.alpha ?? 0.025;
  const power = options.power ?? 0.8;
  assertCount('pairs', pairs);
  if (!(discordance >= 0 && discordance <= 1) || !(margin >= 0 && margin < 1)) {
    throw new StatisticsInputError(
      `discordance must be in [0, 1] and margin in [0, 1) (got ${discordance}, ${margin})`,
    );
  }
  if (!(alpha > 0 && alpha < 0.5) || !(power > 0 && power < 1)) {
    throw new StatisticsInputError(`alpha must be in (0, 0.5) and power in (0, 1)`);
  }
  if (pairs === 0) return null;
  const allLost = pairedPassRateChange({ pairs, baselineOnly: pairs, candidateOnly: 0, margin });
  if (allLost.nonInferiorityPValue > alpha) return null;
  const zAlpha = normalQuantile(1 - alpha, 0, 1);
  const zPower = normalQuantile(power, 0, 1);
  const root = Math.sqrt(pairs);
  const gap = (drop: number): number => {
    const share = Math.max(discordance, drop);
    return (
      root * (drop - margin) -
      zAlpha * Math.sqrt(Math.max(0, share - margin * margin)) -
      zPower * Math.sqrt(Math.max(0, share - drop * drop))
    );
  };
  // The gap is not monotone near small drops, so scan for the first sign change, then bisect.
  const steps = 2000;
  let previous = margin;
  for (let step = 1; step <= steps; step += 1) {
    const drop = margin + ((1 - margin) * step) / steps;
    if (gap(drop) >= 0) {
      let low = previous;
      let high = drop;
      for (let halving = 0; halving < 50; halving += 1) {
        const middle = (low + high) / 2;
        if (gap(middle) >= 0) high = middle;
        else low = middle;
      }
      return high;
    }
    previous = drop;
  }
  return null;
}
