/** The gate flags shared by `eval` and `compare`, and their mapping to `GateFlags`. */
import type { Options } from 'yargs';
import type { GateFlags } from '../eval/parse-gate-overrides.js';

const group =
  "Gate (overrides the suite's gate: block; fractions like 0.02 or percentages like 2%):";

export const gateOptions = {
  'min-pass-rate': { type: 'string', group, describe: "floor on each target's pass rate, or none" },
  'pass-rate-margin': {
    type: 'string',
    group,
    describe: 'allowed pass-rate drop (0.02 = 2 points)',
  },
  'score-margin': { type: 'string', group, describe: 'allowed mean-score drop' },
  'max-cost-per-success-increase': {
    type: 'string',
    group,
    describe: 'allowed relative rise of cost per success, or none',
  },
  'max-error-rate': {
    type: 'string',
    group,
    describe: 'error rate above which a run is incomplete',
  },
  alpha: { type: 'string', group, describe: 'family-wise error rate, shared with Holm' },
  'max-minimum-detectable-effect': {
    type: 'string',
    group,
    describe: 'inconclusive when a drop this large could go unseen',
  },
} as const satisfies Record<string, Options>;

export type GateArguments = { [key in keyof typeof gateOptions]?: string | undefined };

export function gateFlags(argv: GateArguments): GateFlags {
  return {
    minPassRate: argv['min-pass-rate'],
    passRateMargin: argv['pass-rate-margin'],
    scoreMargin: argv['score-margin'],
    maxCostPerSuccessIncrease: argv['max-cost-per-success-increase'],
    maxErrorRate: argv['max-error-rate'],
    alpha: argv.alpha,
    maxMinimumDetectableEffect: argv['max-minimum-detectable-effect'],
  };
}
