/**
 * Number formatting shared by verdict reasons and reporters: every number leaves with its unit,
 * and a missing value reads "n/a", never 0.
 */
const MINUS = '−';
const dollars = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const cents = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

export function formatPercent(fraction: number | null, digits = 1): string {
  if (fraction === null || Number.isNaN(fraction)) return 'n/a';
  return `${signed(fraction * 100, digits, false)}%`;
}

/** A change of a rate, in percentage points: "+3.0 pts", "−12.5 pts". */
export function formatPoints(change: number | null, digits = 1): string {
  if (change === null || Number.isNaN(change)) return 'n/a';
  return `${signed(change * 100, digits, true)} pts`;
}

/** A relative change: "+12.0%". */
export function formatRelativeChange(change: number | null, digits = 1): string {
  if (change === null || Number.isNaN(change)) return 'n/a';
  if (change === Number.POSITIVE_INFINITY) return '+∞%';
  return `${signed(change * 100, digits, true)}%`;
}

/** US dollars with enough significant digits for per-call prices: "$0.00123", "$12.35". */
export function formatUsd(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  if (value === Number.POSITIVE_INFINITY) return '$∞';
  const magnitude = Math.abs(value);
  const text = magnitude >= 1 ? dollars.format(magnitude) : cents.format(magnitude);
  return `${value < 0 ? MINUS : ''}$${text}`;
}

export function formatMilliseconds(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

export function formatCount(value: number, unit: string): string {
  return `${value.toLocaleString('en-US')} ${unit}`;
}

export function formatScore(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  return `${value.toFixed(3)} / 1`;
}

/** A change of a [0, 1] score: "−0.125 / 1". */
export function formatScoreChange(change: number | null): string {
  if (change === null || Number.isNaN(change)) return 'n/a';
  return `${signed(change, 3, true)} / 1`;
}

export function formatPValue(value: number): string {
  if (value < 0.0001) return 'p < 0.0001';
  return `p = ${value.toFixed(4)}`;
}

function signed(value: number, digits: number, withPlus: boolean): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  if (value < 0) return `${MINUS}${text}`;
  return withPlus ? `+${text}` : text;
}
