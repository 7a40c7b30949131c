/**
 * The scheduler: one lane per provider, each pulling its work items one at a time (so the dataset
 * is read only as fast as calls complete) with at most `concurrency` items of its own started.
 * Lanes are independent, so a provider held back by 429s never stops the others from being fed;
 * the run-wide limit on calls in flight is the `ConcurrencyPool` the model caller takes after the
 * provider's slot. Scheduling stops when the budget would be exceeded or the signal aborts. The
 * budget test counts what is spent plus what the items in flight are expected to cost (the mean
 * fresh cost so far), so the overshoot is at most the calls already started.
 */
import { readDatasetBatches } from '../dataset/read-dataset.js';
import type { LoadedSuite, TargetDefinition } from '../suite/suite-definition.js';
import type { RunSpend } from './run-events.js';
import { resultKey, shardOf } from './work-items.js';
import type { Shard, WorkItem } from './work-items.js';

export interface SchedulerOutcome {
  stoppedBy: 'budget' | 'signal' | null;
  /** Items never started because scheduling stopped. */
  notStarted: number;
}

export async function createScheduler(options: {
  /** One item stream per provider, in batches; each is fed independently. */
  lanes: readonly AsyncIterable<readonly WorkItem[]>[];
  /** Items started and not finished, per lane. */
  concurrency: number;
  signal: AbortSignal;
  budgetUsd: number | null;
  spend: RunSpend;
  /** Resolves with the fresh target spend of the item; must not reject. */
  runItem: (item: WorkItem) => Promise<number>;
}): Promise<SchedulerOutcome> {
  let inFlight = 0;
  let freshCalls = 0;
  let freshUsd = 0;
  let failure: unknown = null;
  let stoppedBy: SchedulerOutcome['stoppedBy'] = null;
  let notStarted = 0;
  const overBudget = (): boolean => {
    if (options.budgetUsd === null) return false;
    const spent = options.spend.targetUsd + options.spend.judgeUsd;
    const expectedInFlight = freshCalls === 0 ? 0 : (freshUsd / freshCalls) * inFlight;
    return spent + expectedInFlight >= options.budgetUsd;
  };

  const runLane = async (items: AsyncIterable<readonly WorkItem[]>): Promise<void> => {
    let laneInFlight = 0;
    let wake: (() => void) | null = null;
    const settled = (): void => {
      inFlight -= 1;
      laneInFlight -= 1;
      const waiting = wake;
      wake = null;
      waiting?.();
    };
    // One pair of handlers for every item of the lane (no closures per item).
    const itemDone = (usd: number): void => {
      if (usd > 0) {
        freshCalls += 1;
        freshUsd += usd;
      }
      settled();
    };
    const itemFailed = (error: unknown): void => {
      failure ??= error;
      settled();
    };
    try {
      await feedLane(items);
    } finally {
      while (laneInFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
    }

    async function feedLane(batches: AsyncIterable<readonly WorkItem[]>): Promise<void> {
      for await (const batch of batches)
        for (const item of batch) {
          if (stoppedBy === null && failure === null) {
            while (laneInFlight >= options.concurrency)
              await new Promise<void>((resolve) => (wake = resolve));
            if (stoppedBy !== null) {
              // Another lane stopped the run while this one waited.
            } else if (failure !== null || options.signal.aborted) stoppedBy = 'signal';
            else if (overBudget()) stoppedBy = 'budget';
          }
          if (stoppedBy !== null || failure !== null) {
            notStarted += 1;
            continue;
          }
          inFlight += 1;
          laneInFlight += 1;
          options.runItem(item).then(itemDone, itemFailed);
        }
    }
  };

  // A lane that fails (its dataset stream throws) sets `failure`, which stops the others.
  await Promise.all(
    options.lanes.map((items) =>
      runLane(items).catch((error: unknown) => {
        failure ??= error;
      }),
    ),
  );
  if (failure !== null) throw failure;
  return { stoppedBy, notStarted };
}

/** How many keys of the run fall in a shard (one pass over the case ids). */
export async function countShardItems(options: {
  suite: LoadedSuite;
  targets: readonly TargetDefinition[];
  repeats: number;
  shard: Shard;
}): Promise<number> {
  let count = 0;
  const batches = readDatasetBatches({
    files: options.suite.datasetFiles.map((path) => ({ path, displayFile: path })),
  });
  for await (const batch of batches)
    for (const evalCase of batch) {
      for (const prompt of options.suite.prompts) {
        for (const target of options.targets) {
          for (let repeat = 0; repeat < options.repeats; repeat += 1) {
            if (
              shardOf(resultKey(evalCase.id, prompt.id, target.id, repeat), options.shard.count) ===
              options.shard.index
            )
              count += 1;
          }
        }
      }
    }
  return count;
}
