/**
 * Before a run: the targets to run (all, or the subset asked for) and the models scorers call,
 * with every API key they name present in the environment. Problems are `SuiteError`s that
 * point at the suite line, raised before any call is made.
 */
import { SuiteError } from '../errors/suite-error.js';
import type { SuiteIssue } from '../errors/suite-error.js';
import type { ScorerType } from '../scorers/scorer.js';
import type { LoadedSuite, TargetDefinition } from '../suite/suite-definition.js';

export function selectTargets(options: {
  suite: LoadedSuite;
  targetIds: readonly string[] | undefined;
  scorers: ReadonlyMap<string, ScorerType>;
  environment: Readonly<Record<string, string | undefined>>;
}): { targets: TargetDefinition[]; judges: TargetDefinition[] } {
  const { suite } = options;
  const issues: SuiteIssue[] = [];
  const known = suite.targets.map((target) => target.id);
  for (const id of options.targetIds ?? []) {
    if (!known.includes(id)) {
      issues.push({
        file: suite.displayFile,
        line: suite.lineOf(['targets']),
        field: 'targets',
        message: `has no target "${id}" (targets: ${known.join(', ')})`,
      });
    }
  }
  const targets =
    options.targetIds === undefined
      ? suite.targets
      : suite.targets.filter((target) => options.targetIds?.includes(target.id));
  const checkKey = (target: TargetDefinition, path: (string | number)[], field: string): void => {
    if (target.apiKeyEnv === undefined) return;
    const value = options.environment[target.apiKeyEnv];
    if (value === undefined || value === '') {
      issues.push({
        file: suite.displayFile,
        line: suite.lineOf(path),
        field,
        message: `names the environment variable ${target.apiKeyEnv}, which is not set; export it before running (the key never goes in the suite)`,
      });
    }
  };
  for (const target of targets) {
    const index = suite.targets.indexOf(target);
    checkKey(target, ['targets', index, 'apiKeyEnv'], `targets[${index}].apiKeyEnv`);
  }
  const judges: TargetDefinition[] = [];
  suite.scorers.forEach((scorer, index) => {
    for (const target of options.scorers.get(scorer.type)?.targets?.(scorer.options) ?? []) {
      judges.push(target);
      checkKey(target, ['scorers', index], `scorers[${index}] (${scorer.name})`);
    }
  });
  if (issues.length > 0) throw new SuiteError(issues);
  return { targets, judges };
}
