import { createContainsScorer } from './contains-scorer.js';

/** The output contains the expected text, ignoring case. */
export const icontainsScorer = createContainsScorer('icontains', true);
