/** `sextant_eval_results` keeps parts below 256 MiB in the Compact format, on the embedded engine (see
 * compact-parts.ts). */
import { EVAL_RESULTS_TABLE } from './0002-eval-tables.js';
import { compactPartsStatements } from './compact-parts.js';
import type { Migration } from './migration.js';

export const evalResultsCompactPartsMigration: Migration = {
  version: '0004',
  name: 'eval_results_compact_parts',
  statements: (context) => compactPartsStatements(context, EVAL_RESULTS_TABLE),
};
