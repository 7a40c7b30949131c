import { otelTracesMigration } from './0001-otel-traces.js';
import { evalTablesMigration } from './0002-eval-tables.js';
import { genAiTrafficMigration } from './0003-gen-ai-traffic.js';
import { evalResultsCompactPartsMigration } from './0004-eval-results-compact-parts.js';
import { otelTracesCompactPartsMigration } from './0005-otel-traces-compact-parts.js';
import type { Migration } from './migration.js';

/** Every migration, in the order it is applied. Append only: never edit an applied one. */
export const MIGRATIONS: readonly Migration[] = [
  otelTracesMigration,
  evalTablesMigration,
  genAiTrafficMigration,
  evalResultsCompactPartsMigration,
  otelTracesCompactPartsMigration,
];
