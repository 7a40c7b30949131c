/**
 * Narrows a loaded suite to the prompt versions asked for (`--prompts`; the runner selects
 * targets but not prompts) and checks what the runner would otherwise find too late or not at
 * all: a target whose `baseURLEnv` names an unset variable would silently call the provider's
 * public endpoint instead of the intended server.
 */
import { createHash } from 'node:crypto';
import type { LoadedSuite } from '@sextant/eval';
import { CliUserError } from '../user-error.js';

export function prepareSuite(options: {
  suite: LoadedSuite;
  promptIds: readonly string[] | undefined;
  targetIds: readonly string[] | undefined;
  environment: Readonly<Record<string, string | undefined>>;
}): LoadedSuite {
  const { suite, environment } = options;
  let prepared = suite;
  if (options.promptIds !== undefined && options.promptIds.length > 0) {
    const known = suite.prompts.map((prompt) => prompt.id);
    const unknown = options.promptIds.filter((id) => !known.includes(id));
    if (unknown.length > 0) {
      throw new CliUserError(
        `--prompts: ${suite.displayFile} has no prompt ${unknown.map((id) => `"${id}"`).join(', ')} (prompts: ${known.join(', ')})`,
      );
    }
    const prompts = suite.prompts.filter((prompt) => options.promptIds?.includes(prompt.id));
    prepared = {
      ...suite,
      prompts,
      // The same hash the loader computes, over the prompts that actually run.
      promptHash: createHash('sha256').update(JSON.stringify(prompts)).digest('hex'),
    };
  }
  const targets =
    options.targetIds === undefined || options.targetIds.length === 0
      ? suite.targets
      : suite.targets.filter((target) => options.targetIds?.includes(target.id));
  for (const target of targets) {
    const variable = target.options['baseURLEnv'];
    if (typeof variable !== 'string' || target.options['baseURL'] !== undefined) continue;
    const value = environment[variable];
    if (value === undefined || value === '') {
      const index = suite.targets.indexOf(target);
      const line = suite.lineOf(['targets', index, 'baseURLEnv']);
      throw new CliUserError(
        `${suite.displayFile}${line === null ? '' : `:${line}`} targets[${index}].baseURLEnv: ` +
          `names the environment variable ${variable}, which is not set; export it with the ` +
          `server's base URL (e.g. ${variable}=http://127.0.0.1:8787/v1, from \`sextant sim\`) before running`,
      );
    }
  }
  return prepared;
}
