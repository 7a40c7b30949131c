import type { SchemaContext } from './schema-rendering.js';

/**
 * One versioned schema change. Versions sort as strings (zero-padded), are applied in order and
 * recorded once applied. Every statement must be safe to run again (`IF NOT EXISTS`), so a
 * migration interrupted half-way is completed by the next run.
 */
export interface Migration {
  version: string;
  name: string;
  statements(context: SchemaContext): string[];
}
