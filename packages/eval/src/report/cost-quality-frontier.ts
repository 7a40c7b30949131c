import type { CostQualityFrontier, GroupReport } from './run-report.js';

/**
 * The cost–quality frontier of one suite × prompt: a target is on it when no other target has a
 * pass rate at least as high and a cost per success at least as low, with one of the two strictly
 * better (Pareto). Targets without a pass rate or a cost per success are listed apart with why.
 * Point estimates only: the intervals beside them say how firm each position is.
 */
export function costQualityFrontier(groups: readonly GroupReport[]): CostQualityFrontier {
  const first = groups[0];
  const excluded: CostQualityFrontier['excluded'] = [];
  const ranked: { targetId: string; passRate: number; costUsd: number }[] = [];
  for (const group of groups) {
    if (group.passRate === null) {
      excluded.push({ targetId: group.targetId, reason: 'every result was an error' });
    } else if (group.costPerSuccess.usd === null) {
      excluded.push({ targetId: group.targetId, reason: group.costPerSuccess.reason });
    } else {
      ranked.push({
        targetId: group.targetId,
        passRate: group.passRate,
        costUsd: group.costPerSuccess.usd,
      });
    }
  }
  const frontier: string[] = [];
  const dominated: CostQualityFrontier['dominated'] = [];
  for (const target of ranked) {
    const dominatedBy = ranked
      .filter(
        (other) =>
          other !== target &&
          other.passRate >= target.passRate &&
          other.costUsd <= target.costUsd &&
          (other.passRate > target.passRate || other.costUsd < target.costUsd),
      )
      .map((other) => other.targetId);
    if (dominatedBy.length === 0) frontier.push(target.targetId);
    else dominated.push({ targetId: target.targetId, dominatedBy });
  }
  return {
    suite: first?.suite ?? '',
    promptId: first?.promptId ?? '',
    frontier,
    dominated,
    excluded,
  };
}
