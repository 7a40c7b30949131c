/**
 * Checks targets and scorers against their registries: the provider or scorer type exists, and
 * the keys beyond the common ones satisfy that type's own schema and checks. Options schemas are
 * compiled once per type, not once per entry.
 */
import type { Ajv, ValidateFunction } from 'ajv';
import type { SuiteIssue } from '../errors/suite-error.js';
import type { ProviderType } from '../providers/provider.js';
import type { ScorerType } from '../scorers/scorer.js';
import { schemaIssues } from './schema-issues.js';
import { scorerCommonKeys, targetCommonKeys } from './suite-schema.js';
import type { ScorerDefinition, TargetDefinition } from './suite-definition.js';
import { formatFieldPath } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export interface EntryCheckContext {
  source: YamlSource;
  suiteDirectory: string;
  ajv: Ajv;
  issues: SuiteIssue[];
}

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The type's schema over the entry's own keys; the common keys are listed as allowed (already
 * checked by the suite schema) so an unknown key's hint names them too.
 */
function validatorFor(
  ajv: Ajv,
  schema: Record<string, unknown>,
  commonKeys: readonly string[],
): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const common = Object.fromEntries(commonKeys.map((key) => [key, {}]));
    const properties = { ...common, ...(schema.properties as Record<string, unknown> | undefined) };
    validate = ajv.compile({ type: 'object', additionalProperties: false, ...schema, properties });
    compiled.set(schema, validate);
  }
  return validate;
}

export function checkTarget(options: {
  target: TargetDefinition;
  path: (string | number)[];
  providers: ReadonlyMap<string, ProviderType>;
  context: EntryCheckContext;
}): void {
  const { target, path, context } = options;
  const provider = options.providers.get(target.provider);
  if (provider === undefined) {
    context.issues.push({
      file: context.source.file,
      line: context.source.lineOf([...path, 'provider']),
      field: formatFieldPath([...path, 'provider']),
      message: `names an unknown provider "${target.provider}" (known: ${[...options.providers.keys()].join(', ')})`,
    });
    return;
  }
  const before = context.issues.length;
  context.issues.push(
    ...schemaIssues({
      validate: validatorFor(context.ajv, provider.optionsSchema, targetCommonKeys),
      value: target.options,
      source: context.source,
      basePath: path,
    }),
  );
  if (context.issues.length > before || provider.check === undefined) return;
  for (const problem of provider.check(target, {
    suiteDirectory: context.suiteDirectory,
    ajv: context.ajv,
  })) {
    context.issues.push({
      file: context.source.file,
      line: context.source.lineOf([...path, problem.field]),
      field: formatFieldPath([...path, problem.field]),
      message: problem.message,
    });
  }
}

export function checkScorer(options: {
  scorer: ScorerDefinition;
  path: (string | number)[];
  scorers: ReadonlyMap<string, ScorerType>;
  context: EntryCheckContext;
}): void {
  const { scorer, path, context } = options;
  const type = options.scorers.get(scorer.type);
  if (type === undefined) {
    context.issues.push({
      file: context.source.file,
      line: context.source.lineOf([...path, 'type']),
      field: formatFieldPath([...path, 'type']),
      message: `names an unknown scorer type "${scorer.type}" (known: ${[...options.scorers.keys()].join(', ')})`,
    });
    return;
  }
  const before = context.issues.length;
  context.issues.push(
    ...schemaIssues({
      validate: validatorFor(context.ajv, type.optionsSchema, scorerCommonKeys),
      value: scorer.options,
      source: context.source,
      basePath: path,
    }),
  );
  if (context.issues.length > before || type.check === undefined) return;
  for (const problem of type.check(scorer.options, {
    suiteDirectory: context.suiteDirectory,
    ajv: context.ajv,
  })) {
    const fieldPath = [...path, ...problem.field.split('.').filter((part) => part !== '')];
    context.issues.push({
      file: context.source.file,
      line: context.source.lineOf(fieldPath),
      field: formatFieldPath(fieldPath),
      message: problem.message,
    });
  }
}
