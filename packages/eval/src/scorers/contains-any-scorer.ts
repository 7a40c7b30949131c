import { createContainsSetScorer } from './contains-set.js';

/** Passes when the output contains at least one of the values. */
export const containsAnyScorer = createContainsSetScorer('contains-any', 'any');
