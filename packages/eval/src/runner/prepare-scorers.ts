/**
 * Prepares the suite's scorers once per run (regexes and schemas compiled, modules imported,
 * judge clients created), so scoring a case compiles nothing.
 */
import type { ProviderCall } from '../providers/provider.js';
import type { Ajv } from 'ajv';
import type { ScorerSetup, ScorerType } from '../scorers/scorer.js';
import { createAjv } from '../suite/schema-issues.js';
import type { ScorerDefinition } from '../suite/suite-definition.js';
import { compileTemplate } from '../template/compile-template.js';
import type { ActiveScorer } from './score-case.js';

export async function prepareScorers(options: {
  definitions: readonly ScorerDefinition[];
  registry: ReadonlyMap<string, ScorerType>;
  suiteDirectory: string;
  callModel: ProviderCall;
}): Promise<ActiveScorer[]> {
  // Only schema scorers validate; the others should not pay for an Ajv with its formats.
  let ajv: Ajv | undefined;
  const setup: ScorerSetup = {
    suiteDirectory: options.suiteDirectory,
    get ajv() {
      return (ajv ??= createAjv());
    },
    compileTemplate,
    callModel: options.callModel,
  };
  const active: ActiveScorer[] = [];
  for (const definition of options.definitions) {
    const type = options.registry.get(definition.type);
    if (type === undefined) throw new Error(`unknown scorer type "${definition.type}"`);
    active.push({
      definition,
      prepared: await type.create(definition.options, setup),
      pure: type.pure === true,
    });
  }
  return active;
}
