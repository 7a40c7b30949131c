/**
 * Attribute values as the collector's ClickHouse exporter stores them: it calls pdata's
 * `Value.AsString()` (open-telemetry/opentelemetry-collector pdata/pcommon/value.go), which gives
 * - strings unchanged, booleans `true`/`false`, integers in decimal;
 * - doubles "as if by ES6 number to string conversion" (exactly JavaScript's `String(number)`),
 *   and `json: unsupported value: NaN` / `+Inf` / `-Inf` for non-finite ones;
 * - arrays as JSON without HTML escaping. Go's encoder also escapes U+2028 and U+2029, which
 *   `JSON.stringify` leaves raw, so we escape them the same way. Array holes, null and undefined
 *   become `null` (an empty pdata value).
 * Values outside those types (BigInt, Symbol, from untyped callers) become `String(value)`.
 * Our input comes from OpenTelemetry JS, where integers and doubles are both `number`; the text is
 * the same either way for every integer within the safe range.
 */
import type { AttributeValue, Attributes } from '@opentelemetry/api';

export function attributeValueToString(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'object') return String(value);
  return (jsonText(value) ?? String(value)).replace(/[\u2028\u2029]/g, (character) =>
    character === '\u2028' ? '\\u2028' : '\\u2029',
  );
}

/**
 * An array (or other object) as JSON. Values outside the OpenTelemetry types reach us from untyped
 * code (a BigInt in a Resource is enough), and one must not fail the whole batch: inside an array
 * a BigInt becomes its decimal text, like any other value `String()` can print; an object JSON
 * cannot hold (a cycle) is left to the caller.
 */
function jsonText(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    try {
      return JSON.stringify(value, (_key, item: unknown) =>
        typeof item === 'bigint' ? String(item) : item,
      );
    } catch {
      return undefined;
    }
  }
}

function numberToString(value: number): string {
  if (Number.isFinite(value)) return String(value);
  const goName = Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  return `json: unsupported value: ${goName}`;
}

/** An attribute map as `Map(LowCardinality(String), String)`; undefined values are left out. */
export function attributesToStringMap(attributes: Attributes | undefined): Record<string, string> {
  // No prototype, so an attribute named `__proto__` is a key like any other.
  const map = Object.create(null) as Record<string, string>;
  if (attributes === undefined) return map;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value !== undefined && value !== null) map[key] = attributeValueToString(value);
  }
  return map;
}
