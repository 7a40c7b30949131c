import type { EvalResult, EvalRun } from '@sextant/spec';
import { DEFAULT_BOOTSTRAP_REPLICATES } from '../stats/bootstrap.js';
import { DEFAULT_SEED } from '../stats/seeded-random.js';
import { costQualityFrontier } from './cost-quality-frontier.js';
import { GroupAccumulator } from './group-accumulator.js';
import type { GroupReport, RunReport } from './run-report.js';

export interface BuildRunReportOptions {
  run: EvalRun;
  /** A stream of the run's results (e.g. `ResultStore.readResults(runId)`), read once. */
  results: AsyncIterable<EvalResult> | Iterable<EvalResult>;
  /** Seed of the bootstrap intervals; the same seed gives the same report. */
  seed?: number;
  /** Bootstrap replicates; defaults to 2000. */
  replicates?: number;
}

/**
 * Builds the run report from a single pass over the results. Only per-case tallies and per-result
 * latencies are kept (see GroupAccumulator), so a 100,000-result run fits in a few megabytes.
 * Groups come out sorted by suite, prompt and target so that reports diff cleanly.
 */
export async function buildRunReport(options: BuildRunReportOptions): Promise<RunReport> {
  const seed = options.seed ?? DEFAULT_SEED;
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const accumulators = new Map<string, GroupAccumulator>();
  for await (const result of options.results) {
    const key = JSON.stringify([result.suite, result.promptId, result.targetId]);
    let accumulator = accumulators.get(key);
    if (accumulator === undefined) {
      accumulator = new GroupAccumulator(result.suite, result.promptId, result.targetId);
      accumulators.set(key, accumulator);
    }
    accumulator.add(result);
  }
  const groups = [...accumulators.entries()]
    .sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0))
    .map(([, accumulator]) => accumulator.summarize({ seed, replicates }));
  return {
    run: options.run,
    groups,
    frontiers: [...groupBySuiteAndPrompt(groups).values()].map(costQualityFrontier),
    totals: totalsOf(groups),
    seed,
  };
}

function groupBySuiteAndPrompt(groups: readonly GroupReport[]): Map<string, GroupReport[]> {
  const bySuiteAndPrompt = new Map<string, GroupReport[]>();
  for (const group of groups) {
    const key = JSON.stringify([group.suite, group.promptId]);
    bySuiteAndPrompt.set(key, [...(bySuiteAndPrompt.get(key) ?? []), group]);
  }
  return bySuiteAndPrompt;
}

function totalsOf(groups: readonly GroupReport[]): RunReport['totals'] {
  let targetSpendUsd: number | null = 0;
  let judgeSpendUsd: number | null = null;
  let results = 0;
  let errors = 0;
  for (const group of groups) {
    results += group.results;
    errors += group.errors;
    targetSpendUsd =
      targetSpendUsd === null || group.spend.targetUsd === null
        ? null
        : targetSpendUsd + group.spend.targetUsd;
    if (group.spend.judgeUsd !== null) judgeSpendUsd = (judgeSpendUsd ?? 0) + group.spend.judgeUsd;
  }
  return { results, errors, targetSpendUsd, judgeSpendUsd };
}
