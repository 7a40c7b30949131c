/** Decoding of JSON result values: 64-bit integers come quoted, empty aggregates come as null. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

export function quantileAt(quantiles: unknown, index: number): number | null {
  return Array.isArray(quantiles) ? toNumberOrNull(quantiles[index]) : null;
}
