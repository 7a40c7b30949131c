import type { CollectedSide, SideGroup } from './collect-case-outcomes.js';
import type { UnpairedGroup } from './run-comparison.js';

export interface PairedGroup {
  targetId: string;
  baseline: SideGroup;
  candidate: SideGroup;
}

/**
 * Decides which baseline group each candidate group is compared with.
 *
 * - Targets pair by `targetId`; a target in one run only is reported as unpaired.
 * - Prompts: when a target has exactly one prompt version on each side, those two pair whatever
 *   their ids (a prompt change usually renames the version: `triage-v1` → `triage-v2`). With
 *   several versions on a side, only identical prompt ids pair; the rest are reported unpaired.
 * - Cases pair by `caseId` within a paired group (see compareGroup for repeats).
 */
export function pairGroups(
  baseline: CollectedSide,
  candidate: CollectedSide,
): { paired: PairedGroup[]; unpaired: UnpairedGroup[] } {
  const paired: PairedGroup[] = [];
  const unpaired: UnpairedGroup[] = [];
  const targetIds = [...new Set([...baseline.groups.keys(), ...candidate.groups.keys()])].sort();
  for (const targetId of targetIds) {
    const baselinePrompts = baseline.groups.get(targetId) ?? new Map<string, SideGroup>();
    const candidatePrompts = candidate.groups.get(targetId) ?? new Map<string, SideGroup>();
    const [onlyBaseline] = baselinePrompts.values();
    const [onlyCandidate] = candidatePrompts.values();
    if (
      baselinePrompts.size === 1 &&
      candidatePrompts.size === 1 &&
      onlyBaseline !== undefined &&
      onlyCandidate !== undefined
    ) {
      paired.push({ targetId, baseline: onlyBaseline, candidate: onlyCandidate });
      continue;
    }
    for (const [promptId, group] of [...baselinePrompts].sort(byKey)) {
      const match = candidatePrompts.get(promptId);
      if (match !== undefined) paired.push({ targetId, baseline: group, candidate: match });
      else unpaired.push(unpairedEntry('baseline', targetId, promptId, candidatePrompts.size));
    }
    for (const [promptId] of [...candidatePrompts].sort(byKey)) {
      if (!baselinePrompts.has(promptId)) {
        unpaired.push(unpairedEntry('candidate', targetId, promptId, baselinePrompts.size));
      }
    }
  }
  return { paired, unpaired };
}

function unpairedEntry(
  side: 'baseline' | 'candidate',
  targetId: string,
  promptId: string,
  otherSidePrompts: number,
): UnpairedGroup {
  const other = side === 'baseline' ? 'candidate' : 'baseline';
  return {
    side,
    targetId,
    promptId,
    reason:
      otherSidePrompts === 0
        ? `target "${targetId}" is not in the ${other} run`
        : `prompt "${promptId}" is not in the ${other} run for target "${targetId}" (with several prompt versions, only identical prompt ids are compared)`,
  };
}

function byKey<T>([first]: [string, T], [second]: [string, T]): number {
  return first < second ? -1 : first > second ? 1 : 0;
}
