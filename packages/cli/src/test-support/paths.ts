import { fileURLToPath } from 'node:url';

/** The example suite the demo runs (120 tickets, three simulated targets, two prompt versions). */
export const TRIAGE_SUITE = fileURLToPath(
  new URL('../../../../evals/support-triage/suite.yaml', import.meta.url),
);
export const FIXTURES = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
