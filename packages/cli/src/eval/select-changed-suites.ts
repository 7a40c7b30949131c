/**
 * `--changed-since`: keeps the suites that depend on a changed file (the suite file, its prompt
 * files, its datasets, its modules) and says why each other suite was skipped.
 */
import { realpathSync } from 'node:fs';
import { relative } from 'node:path';
import type { LoadedSuite } from '@sextant/eval';

export interface SuiteSelection {
  selected: { suite: LoadedSuite; because: string[] }[];
  skipped: { suite: LoadedSuite; reason: string }[];
}

export function selectChangedSuites(options: {
  suites: readonly LoadedSuite[];
  changed: ReadonlySet<string>;
  ref: string;
  cwd: string;
}): SuiteSelection {
  const changed = new Set([...options.changed].map(canonical));
  const selection: SuiteSelection = { selected: [], skipped: [] };
  for (const suite of options.suites) {
    const because = suite.dependencies.filter((file) => changed.has(canonical(file)));
    if (because.length > 0) {
      selection.selected.push({
        suite,
        because: because.map((file) => relative(options.cwd, file) || file),
      });
    } else {
      selection.skipped.push({
        suite,
        reason: `none of its ${suite.dependencies.length} files (suite, prompts, datasets) changed since ${options.ref}`,
      });
    }
  }
  return selection;
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
