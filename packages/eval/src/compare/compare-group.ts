import {
  pairedBootstrapMeanDifference,
  pairedBootstrapRatioChange,
} from '../stats/paired-bootstrap.js';
import { mcnemarExactTest } from '../stats/mcnemar-exact-test.js';
import { minimumDetectableEffect } from '../stats/minimum-detectable-effect.js';
import { pairedPassRateChange } from '../stats/paired-pass-rate-change.js';
import { createSeededRandom } from '../stats/seeded-random.js';
import { snapshotOf } from './collect-case-outcomes.js';
import type { CaseOutcome } from './collect-case-outcomes.js';
import type { GateSettings } from './gate-settings.js';
import type { PairedGroup } from './pair-groups.js';
import type { CaseChange, GroupComparison, MetricTest, SkippedMetric } from './run-comparison.js';

export interface CompareGroupOptions {
  pair: PairedGroup;
  settings: GateSettings;
  seed: number;
  replicates: number;
}

/**
 * Compares one paired group case by case. Repeats are folded per case before pairing (pairs of
 * repeats are not independent): a case passes on a side when a strict majority of its non-error
 * repeats pass. A case is left out of the pass-rate and score tests when one side has only errors
 * (an outage is not a regression) or when it is flaky in the baseline (passes in some repeats,
 * fails in others: reported apart). Cost per success uses every paired case, errors included.
 * The metric tests carry raw p-values; compareRuns applies Holm across all groups.
 */
export function compareGroup(options: CompareGroupOptions): GroupComparison {
  const { pair, settings } = options;
  const confidence = 1 - settings.alpha;
  const newlyFailing: CaseChange[] = [];
  const newlyPassing: CaseChange[] = [];
  const flakyInBaseline: CaseChange[] = [];
  const tested: [CaseOutcome, CaseOutcome][] = [];
  const costed: [CaseOutcome, CaseOutcome][] = [];
  const outcomes = { bothPassed: 0, bothFailed: 0, newlyFailing: 0, newlyPassing: 0 };
  let erroredCases = 0;
  const caseIds = [...pair.baseline.cases.keys()]
    .filter((id) => pair.candidate.cases.has(id))
    .sort();
  for (const caseId of caseIds) {
    const baseline = pair.baseline.cases.get(caseId)!;
    const candidate = pair.candidate.cases.get(caseId)!;
    costed.push([baseline, candidate]);
    const change = (): CaseChange => ({
      caseId,
      baseline: snapshotOf(baseline),
      candidate: snapshotOf(candidate),
    });
    if (baseline.samples === 0 || candidate.samples === 0) {
      erroredCases += 1;
      continue;
    }
    if (baseline.passes > 0 && baseline.passes < baseline.samples) {
      flakyInBaseline.push(change());
      continue;
    }
    tested.push([baseline, candidate]);
    const baselinePassed = passedByMajority(baseline);
    const candidatePassed = passedByMajority(candidate);
    if (baselinePassed && candidatePassed) outcomes.bothPassed += 1;
    else if (!baselinePassed && !candidatePassed) outcomes.bothFailed += 1;
    else if (baselinePassed) {
      outcomes.newlyFailing += 1;
      newlyFailing.push(change());
    } else {
      outcomes.newlyPassing += 1;
      newlyPassing.push(change());
    }
  }
  const metrics: MetricTest[] = [];
  const skippedMetrics: SkippedMetric[] = [];
  const targetId = pair.targetId;
  const skip = (metric: SkippedMetric['metric'], reason: string) =>
    skippedMetrics.push({ metric, targetId, reason });
  const testedCases = tested.length;
  if (testedCases === 0) {
    skip('pass-rate', 'no paired case without errors and stable in the baseline');
    skip('score', 'no paired case without errors and stable in the baseline');
  } else {
    const passRate = pairedPassRateChange({
      pairs: testedCases,
      baselineOnly: outcomes.newlyFailing,
      candidateOnly: outcomes.newlyPassing,
      margin: settings.passRateMargin,
      confidence,
    });
    const baselineRate = (outcomes.bothPassed + outcomes.newlyFailing) / testedCases;
    metrics.push({
      metric: 'pass-rate',
      targetId,
      baseline: baselineRate,
      candidate: baselineRate + passRate.change,
      change: passRate.change,
      interval: passRate.interval,
      threshold: -settings.passRateMargin,
      pValue: passRate.nonInferiorityPValue,
      adjustedPValue: passRate.nonInferiorityPValue,
      regressed: false,
      mcnemarPValue: mcnemarExactTest({
        baselineOnly: outcomes.newlyFailing,
        candidateOnly: outcomes.newlyPassing,
      }).pValue,
    });
    const baselineScores = Float64Array.from(tested, ([baseline]) => meanScore(baseline));
    const candidateScores = Float64Array.from(tested, ([, candidate]) => meanScore(candidate));
    const score = pairedBootstrapMeanDifference({
      baseline: baselineScores,
      candidate: candidateScores,
      margin: settings.scoreMargin,
      confidence,
      replicates: options.replicates,
      random: createSeededRandom(options.seed),
    });
    metrics.push({
      metric: 'score',
      targetId,
      baseline: mean(baselineScores),
      candidate: mean(candidateScores),
      change: score.change,
      interval: score.interval,
      threshold: -settings.scoreMargin,
      pValue: score.nonInferiorityPValue,
      adjustedPValue: score.nonInferiorityPValue,
      regressed: false,
      mcnemarPValue: null,
    });
  }
  const cost = costPerSuccessOf(costed);
  if (settings.maxCostPerSuccessIncrease === null) {
    skip('cost-per-success', 'not gated (maxCostPerSuccessIncrease is null)');
  } else if (costed.some(([b, c]) => b.unknownPriceResults + c.unknownPriceResults > 0)) {
    skip('cost-per-success', 'a price is unknown for some results');
  } else if (cost.baseline === null) {
    skip('cost-per-success', 'no paired case passed in the baseline');
  } else {
    const change = pairedBootstrapRatioChange({
      baseline: unitsOf(costed, 0),
      candidate: unitsOf(costed, 1),
      maxIncrease: settings.maxCostPerSuccessIncrease,
      confidence,
      replicates: options.replicates,
      random: createSeededRandom(options.seed + 1),
    });
    metrics.push({
      metric: 'cost-per-success',
      targetId,
      baseline: cost.baseline,
      candidate: cost.candidate ?? Number.POSITIVE_INFINITY,
      change: change.change,
      interval: change.interval,
      threshold: settings.maxCostPerSuccessIncrease,
      pValue: change.nonInferiorityPValue,
      adjustedPValue: change.nonInferiorityPValue,
      regressed: false,
      mcnemarPValue: null,
    });
  }
  const discordant = outcomes.newlyFailing + outcomes.newlyPassing;
  return {
    targetId,
    baselinePromptId: pair.baseline.promptId,
    candidatePromptId: pair.candidate.promptId,
    baselineModel: pair.baseline.model,
    candidateModel: pair.candidate.model,
    pairedCases: caseIds.length,
    testedCases,
    erroredCases,
    baselineOnlyCases: pair.baseline.cases.size - caseIds.length,
    candidateOnlyCases: pair.candidate.cases.size - caseIds.length,
    outcomes,
    minimumDetectableEffect:
      testedCases === 0
        ? null
        : minimumDetectableEffect({
            pairs: testedCases,
            discordance: discordant / testedCases,
            margin: settings.passRateMargin,
            alpha: settings.alpha / 2,
          }),
    costPerSuccessUsd: cost,
    newlyFailing,
    newlyPassing,
    flakyInBaseline,
    metrics,
    skippedMetrics,
  };
}

function passedByMajority(outcome: CaseOutcome): boolean {
  return outcome.passes * 2 > outcome.samples;
}

function meanScore(outcome: CaseOutcome): number {
  return outcome.scoreSum / outcome.samples;
}

function mean(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

function unitsOf(pairs: [CaseOutcome, CaseOutcome][], side: 0 | 1) {
  return {
    numerators: Float64Array.from(pairs, (pair) => pair[side].costUsd),
    denominators: Float64Array.from(pairs, (pair) => pair[side].passes),
  };
}

function costPerSuccessOf(pairs: [CaseOutcome, CaseOutcome][]): {
  baseline: number | null;
  candidate: number | null;
} {
  const ratio = (side: 0 | 1): number | null => {
    let spend = 0;
    let passes = 0;
    for (const pair of pairs) {
      if (pair[side].unknownPriceResults > 0) return null;
      spend += pair[side].costUsd;
      passes += pair[side].passes;
    }
    return passes === 0 ? null : spend / passes;
  };
  return { baseline: ratio(0), candidate: ratio(1) };
}
