/**
 * The run's work, generated lazily: cases (streamed) × prompts × targets × repeats, minus keys
 * outside this shard and keys a resumed run already stored. Nothing is materialised, so the
 * memory a run needs does not grow with the dataset.
 */
import type { EvalCase } from '@sextant/spec';
import type { ResolvedPrompt, TargetDefinition } from '../suite/suite-definition.js';

export interface WorkItem {
  evalCase: EvalCase;
  prompt: ResolvedPrompt;
  target: TargetDefinition;
  repeat: number;
  key: string;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function resultKey(
  caseId: string,
  promptId: string,
  targetId: string,
  repeat: number,
): string {
  return `${caseId}\u0000${promptId}\u0000${targetId}\u0000${repeat}`;
}

/** FNV-1a (32-bit): stable across machines and Node versions, which shard assignment needs. */
export function shardOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

export interface WorkCounters {
  skippedCompleted: number;
  skippedShard: number;
}

/** The work items in order, a batch per batch of cases read (one promise turn per batch). */
export async function* workItems(options: {
  cases: AsyncIterable<readonly EvalCase[]>;
  prompts: readonly ResolvedPrompt[];
  targets: readonly TargetDefinition[];
  repeats: number;
  shard: Shard | null;
  completed: ReadonlySet<string>;
  counters: WorkCounters;
}): AsyncIterable<WorkItem[]> {
  for await (const cases of options.cases) {
    const items: WorkItem[] = [];
    for (const evalCase of cases) {
      for (const prompt of options.prompts) {
        for (const target of options.targets) {
          for (let repeat = 0; repeat < options.repeats; repeat += 1) {
            const key = resultKey(evalCase.id, prompt.id, target.id, repeat);
            if (
              options.shard !== null &&
              shardOf(key, options.shard.count) !== options.shard.index
            ) {
              options.counters.skippedShard += 1;
              continue;
            }
            if (options.completed.has(key)) {
              options.counters.skippedCompleted += 1;
              continue;
            }
            items.push({ evalCase, prompt, target, repeat, key });
          }
        }
      }
    }
    if (items.length > 0) yield items;
  }
}
