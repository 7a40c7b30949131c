import { createContainsSetScorer } from './contains-set.js';

/** Scores the share of values the output contains; passes when it contains all of them. */
export const containsAllScorer = createContainsSetScorer('contains-all', 'all');
