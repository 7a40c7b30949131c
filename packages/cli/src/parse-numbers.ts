/** Flag values that yargs parses loosely (NaN, 2.5 for a count) checked into clear user errors. */
import { CliUserError } from './user-error.js';

export function positiveInteger(flag: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new CliUserError(`--${flag} ${String(value)}: expected a whole number >= 1`);
  }
  return value;
}

export function nonNegativeInteger(flag: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new CliUserError(`--${flag} ${String(value)}: expected a whole number >= 0`);
  }
  return value;
}

/** `--budget 2.50` (USD) or `--budget none`. */
export function parseBudget(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'none') return null;
  const value = Number(text.replace(/^\$/, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new CliUserError(
      `--budget ${text}: expected an amount in USD greater than 0 (e.g. 2.50), or none`,
    );
  }
  return value;
}
