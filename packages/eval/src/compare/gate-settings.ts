/**
 * Gate settings: live in the suite file under `gate:` and can be overridden on the command line.
 * All rates are fractions in [0, 1]; margins are absolute differences (0.02 = 2 points).
 */
export interface GateSettings {
  /** A floor on the candidate's pass rate, whatever the baseline; null for none. */
  minPassRate: number | null;
  /** Non-inferiority margin for the pass rate: a drop smaller than this is never a regression. */
  passRateMargin: number;
  /** Non-inferiority margin for the mean case score. */
  scoreMargin: number;
  /** Largest allowed relative increase of cost per successful task (0.1 = +10%); null to not gate cost. */
  maxCostPerSuccessIncrease: number | null;
  /** A run whose error rate exceeds this did not complete well enough to be judged. */
  maxErrorRate: number;
  /** Family-wise error rate, shared across metrics and targets with Holm's correction. */
  alpha: number;
  /**
   * The verdict is inconclusive (not pass) when, with no regression found, some target's minimum
   * detectable drop in pass rate exceeds this (0.2 = the test could not even see a 20-point drop).
   * Optional; compareRuns uses DEFAULT_MAX_MINIMUM_DETECTABLE_EFFECT (0.2) when absent.
   */
  maxMinimumDetectableEffect?: number;
}

export const DEFAULT_MAX_MINIMUM_DETECTABLE_EFFECT = 0.2;

export const DEFAULT_GATE_SETTINGS: Readonly<GateSettings> = {
  minPassRate: null,
  passRateMargin: 0.02,
  scoreMargin: 0.02,
  maxCostPerSuccessIncrease: 0.1,
  maxErrorRate: 0.05,
  alpha: 0.05,
};
