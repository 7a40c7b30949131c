/** `otel_traces` keeps parts below 256 MiB in the Compact format, on the embedded engine (see
 * compact-parts.ts). */
import { OTEL_TRACES_TABLE } from './0001-otel-traces.js';
import { compactPartsStatements } from './compact-parts.js';
import type { Migration } from './migration.js';

export const otelTracesCompactPartsMigration: Migration = {
  version: '0005',
  name: 'otel_traces_compact_parts',
  statements: (context) => compactPartsStatements(context, OTEL_TRACES_TABLE),
};
