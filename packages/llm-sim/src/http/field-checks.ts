import { invalidField } from './request-error.js';

/**
 * Type checks for request fields; each throws a 400 naming the field, as the vendors do.
 * `undefined` (absent) passes every optional check.
 */

export function optionalInteger(
  value: unknown,
  param: string,
  range: { min: number; max?: number },
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw invalidField(
      param,
      `expected an integer between ${min} and ${max}, got ${describe(value)}.`,
    );
  }
  return value as number;
}

export function optionalNumber(
  value: unknown,
  param: string,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw invalidField(
      param,
      `expected a number between ${range.min} and ${range.max}, got ${describe(value)}.`,
    );
  }
  return value;
}

export function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw invalidField(param, `expected a boolean, got ${describe(value)}.`);
  return value;
}

export function optionalString(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidField(param, `expected a string, got ${describe(value)}.`);
  return value;
}

export function objectField(value: unknown, param: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidField(param, `expected an object, got ${describe(value)}.`);
  }
  return value as Record<string, unknown>;
}

export function arrayField(
  value: unknown,
  param: string,
  options: { nonEmpty: boolean },
): unknown[] {
  if (!Array.isArray(value))
    throw invalidField(param, `expected an array, got ${describe(value)}.`);
  if (options.nonEmpty && value.length === 0)
    throw invalidField(param, 'expected a non-empty array.');
  return value;
}

/** `stop` / `stop_sequences`: a string or a list of strings. */
export function stopSequences(value: unknown, param: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value as string[];
  throw invalidField(param, `expected a string or an array of strings, got ${describe(value)}.`);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
