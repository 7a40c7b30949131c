/**
 * A value that satisfies a (simple) JSON Schema, built from a piece of the prompt: used for tool
 * arguments and `json_schema` outputs. Strings take `subject`, numbers 1, enums their first value.
 */
export function valueFromSchema(options: {
  schema: unknown;
  subject: string;
  depth?: number;
}): unknown {
  const { subject } = options;
  const depth = options.depth ?? 0;
  const schema = (options.schema ?? {}) as Record<string, unknown>;
  if (depth > 8) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length > 0) {
    return valueFromSchema({ schema: union[0], subject, depth: depth + 1 });
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return subject;
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [valueFromSchema({ schema: schema.items, subject, depth: depth + 1 })];
    default: {
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      const result: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) {
        result[name] = valueFromSchema({ schema: property, subject, depth: depth + 1 });
      }
      return result;
    }
  }
}

const SUBJECT_PATTERN =
  /\b(?:in|for|about|of|to|named|called)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)/;

/** A guess at what the user talks about: "weather in Paris?" → "Paris"; else a short excerpt. */
export function guessSubject(text: string): string {
  const match = SUBJECT_PATTERN.exec(text);
  if (match?.[1]) return match[1];
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length > 40 ? trimmed.slice(0, 40) : trimmed || 'example';
}
