import type { GateVerdict } from '@sextant/spec';
import type { Interval } from '../stats/interval.js';
import type { GateSettings } from './gate-settings.js';

/** The judged outcome of a comparison or of a gate without baseline. */
export interface Verdict {
  state: Exclude<GateVerdict, 'none'> | 'none';
  /** Why, one sentence each, naming the target and metric; empty for a plain pass. */
  reasons: string[];
  exitCode: number;
}

export type MetricName = 'pass-rate' | 'score' | 'cost-per-success';

/** A non-inferiority test of one metric for one paired group. */
export interface MetricTest {
  metric: MetricName;
  targetId: string;
  /** Point values over the paired cases. */
  baseline: number;
  candidate: number;
  /** pass rate and score: candidate − baseline; cost per success: candidate ÷ baseline − 1. */
  change: number;
  /** Interval for the change at 1 − alpha (unadjusted). */
  interval: Interval;
  /** The allowed change: −margin for pass rate and score, +maxIncrease for cost. */
  threshold: number;
  /** One-sided p-value against the threshold, and after Holm across every test of the comparison. */
  pValue: number;
  adjustedPValue: number;
  regressed: boolean;
  /** Pass rate only: two-sided exact McNemar p-value for "any difference" (information). */
  mcnemarPValue: number | null;
}

export interface SkippedMetric {
  metric: MetricName;
  targetId: string;
  reason: string;
}

export interface CaseSnapshot {
  samples: number;
  passes: number;
  errors: number;
  meanScore: number | null;
  /** The output of the lowest repeat, capped (see `outputTruncated`). */
  output: string;
  outputTruncated: boolean;
  /** Reasons of the scorers that failed on the lowest failing repeat, or its error message. */
  reasons: string[];
}

export interface CaseChange {
  caseId: string;
  baseline: CaseSnapshot;
  candidate: CaseSnapshot;
}

/** One target (and prompt pairing) compared case by case. */
export interface GroupComparison {
  targetId: string;
  baselinePromptId: string;
  candidatePromptId: string;
  baselineModel: string;
  candidateModel: string;
  /** Case ids present in both runs. */
  pairedCases: number;
  /** Paired cases used by the pass-rate and score tests (not errored, not flaky in the baseline). */
  testedCases: number;
  /** Paired cases with no non-error result on one side: left out of quality tests, not of cost. */
  erroredCases: number;
  baselineOnlyCases: number;
  candidateOnlyCases: number;
  outcomes: { bothPassed: number; bothFailed: number; newlyFailing: number; newlyPassing: number };
  /** Smallest pass-rate drop the test would flag with 80% power; null when none could be. */
  minimumDetectableEffect: number | null;
  costPerSuccessUsd: { baseline: number | null; candidate: number | null };
  newlyFailing: CaseChange[];
  newlyPassing: CaseChange[];
  /** Cases that passed in some repeats and failed in others in the baseline: not gated. */
  flakyInBaseline: CaseChange[];
  metrics: MetricTest[];
  skippedMetrics: SkippedMetric[];
}

export interface UnpairedGroup {
  side: 'baseline' | 'candidate';
  targetId: string;
  promptId: string;
  reason: string;
}

export interface RunComparison {
  baselineRunId: string;
  candidateRunId: string;
  settings: GateSettings;
  seed: number;
  errorRate: { baseline: number | null; candidate: number | null };
  groups: GroupComparison[];
  unpaired: UnpairedGroup[];
  /** Candidate groups whose pass rate is under `minPassRate`. */
  belowMinPassRate: { targetId: string; promptId: string; passRate: number }[];
  verdict: Verdict;
}
