/**
 * Gate settings given on the command line override the suite's `gate:` block, one field at a
 * time. Rates are fractions (0.02) or percentages (2%); `none` clears the two settings that can
 * be off (the pass-rate floor and the cost gate).
 */
import type { GateSettings } from '@sextant/eval';
import { CliUserError } from '../user-error.js';

export interface GateFlags {
  minPassRate?: string | undefined;
  passRateMargin?: string | undefined;
  scoreMargin?: string | undefined;
  maxCostPerSuccessIncrease?: string | undefined;
  maxErrorRate?: string | undefined;
  alpha?: string | undefined;
  maxMinimumDetectableEffect?: string | undefined;
}

export const GATE_FLAG_NAMES: Record<keyof GateFlags, string> = {
  minPassRate: 'min-pass-rate',
  passRateMargin: 'pass-rate-margin',
  scoreMargin: 'score-margin',
  maxCostPerSuccessIncrease: 'max-cost-per-success-increase',
  maxErrorRate: 'max-error-rate',
  alpha: 'alpha',
  maxMinimumDetectableEffect: 'max-minimum-detectable-effect',
};

export function applyGateOverrides(options: {
  settings: GateSettings;
  flags: GateFlags;
}): GateSettings {
  const { flags } = options;
  const settings: GateSettings = { ...options.settings };
  const fraction = (key: keyof GateFlags, nullable: boolean): number | null | undefined => {
    const text = flags[key];
    if (text === undefined) return undefined;
    if (nullable && text === 'none') return null;
    return parseFraction({
      text,
      flag: `--${GATE_FLAG_NAMES[key]}`,
      nullable,
      unbounded: key === 'maxCostPerSuccessIncrease',
    });
  };
  const minPassRate = fraction('minPassRate', true);
  if (minPassRate !== undefined) settings.minPassRate = minPassRate;
  const maxCost = fraction('maxCostPerSuccessIncrease', true);
  if (maxCost !== undefined) settings.maxCostPerSuccessIncrease = maxCost;
  for (const key of [
    'passRateMargin',
    'scoreMargin',
    'maxErrorRate',
    'alpha',
    'maxMinimumDetectableEffect',
  ] as const) {
    const value = fraction(key, false);
    if (value !== undefined && value !== null) settings[key] = value;
  }
  if (!(settings.alpha > 0 && settings.alpha < 1)) {
    throw new CliUserError(
      `--alpha ${flags.alpha ?? ''}: must be between 0 and 1 (exclusive), e.g. 0.05`,
    );
  }
  return settings;
}

function parseFraction(options: {
  text: string;
  flag: string;
  nullable: boolean;
  unbounded: boolean;
}): number {
  const { text, flag } = options;
  const percent = text.trim().endsWith('%');
  const number = Number(percent ? text.trim().slice(0, -1) : text.trim());
  const value = percent ? number / 100 : number;
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!options.unbounded && value > 1)
  ) {
    const range = options.unbounded ? 'a number >= 0' : 'a fraction in [0, 1]';
    throw new CliUserError(
      `${flag} ${text}: expected ${range} or a percentage (0.02 or 2%)${options.nullable ? ', or none' : ''}`,
    );
  }
  return value;
}
