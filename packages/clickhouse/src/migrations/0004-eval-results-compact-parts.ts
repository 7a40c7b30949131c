/** `sextant_eval_results` keeps parts below 256 MiB in the Compact format (see compact-parts.ts). */
import { EVAL_RESULTS_TABLE } from './0002-eval-tables.js';
import { compactPartsStatement } from './compact-parts.js';
import type { Migration } from './migration.js';

export const evalResultsCompactPartsMigration: Migration = {
  version: '0004',
  name: 'eval_results_compact_parts',
  statements: (context) => [compactPartsStatement(context, EVAL_RESULTS_TABLE)],
};
