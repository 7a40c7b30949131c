/**
 * From the schema-valid YAML value to a `SuiteDefinition`: defaults filled in, target and scorer
 * keys split into common fields and type options, unique ids and names enforced.
 */
import type { SuiteIssue } from '../errors/suite-error.js';
import { DEFAULT_GATE_SETTINGS } from '../compare/gate-settings.js';
import type { GateSettings } from '../compare/gate-settings.js';
import { scorerCommonKeys, targetCommonKeys } from './suite-schema.js';
import type {
  DatasetDefinition,
  PromptDefinition,
  ScorerDefinition,
  SuiteDefinition,
  TargetDefinition,
  TargetPrice,
} from './suite-definition.js';
import type { YamlSource } from './yaml-source.js';

export const SUITE_DEFAULTS = {
  repeats: 1,
  concurrency: 8,
  timeoutMs: 60_000,
} as const;

type Raw = Record<string, unknown>;

export function normalizeSuite(options: {
  value: Raw;
  source: YamlSource;
  issues: SuiteIssue[];
}): SuiteDefinition {
  const { value, source, issues } = options;
  const unique = (list: string, field: string, ids: string[]): void => {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      if (seen.has(id)) {
        issues.push({
          file: source.file,
          line: source.lineOf([list, index, field]),
          field: `${list}[${index}].${field}`,
          message: `"${id}" is used twice; each ${list.slice(0, -1)} needs a unique ${field}`,
        });
      }
      seen.add(id);
    });
  };

  const prompts = value.prompts as PromptDefinition[];
  unique(
    'prompts',
    'id',
    prompts.map((prompt) => prompt.id),
  );

  const targets = (value.targets as Raw[]).map((raw): TargetDefinition => {
    const target: TargetDefinition = {
      id: raw.id as string,
      provider: raw.provider as string,
      model: raw.model as string,
      parameters: (raw.parameters as Record<string, unknown> | undefined) ?? {},
      options: pickOthers(raw, targetCommonKeys),
    };
    if (raw.apiKeyEnv !== undefined) target.apiKeyEnv = raw.apiKeyEnv as string;
    if (raw.price !== undefined) target.price = raw.price as TargetPrice;
    if (raw.maxRetries !== undefined) target.maxRetries = raw.maxRetries as number;
    return target;
  });
  unique(
    'targets',
    'id',
    targets.map((target) => target.id),
  );

  const defaultNames = new Map<string, number>();
  const scorers = (value.scorers as Raw[]).map((raw): ScorerDefinition => {
    const type = raw.type as string;
    let name = raw.name as string | undefined;
    if (name === undefined) {
      const count = (defaultNames.get(type) ?? 0) + 1;
      defaultNames.set(type, count);
      name = count === 1 ? type : `${type}-${count}`;
    }
    return {
      name,
      type,
      weight: (raw.weight as number | undefined) ?? 1,
      required: (raw.required as boolean | undefined) ?? false,
      negate: (raw.negate as boolean | undefined) ?? false,
      options: pickOthers(raw, scorerCommonKeys),
    };
  });
  unique(
    'scorers',
    'name',
    scorers.map((scorer) => scorer.name),
  );
  if (scorers.every((scorer) => scorer.weight === 0)) {
    issues.push({
      file: source.file,
      line: source.lineOf(['scorers']),
      field: 'scorers',
      message: 'all weights are 0; at least one scorer needs a positive weight',
    });
  }

  return {
    name: value.name as string,
    description: (value.description as string | undefined) ?? '',
    prompts,
    dataset: normalizeDataset(value.dataset),
    targets,
    scorers,
    threshold: (value.threshold as number | undefined) ?? null,
    repeats: (value.repeats as number | undefined) ?? SUITE_DEFAULTS.repeats,
    concurrency: (value.concurrency as number | undefined) ?? SUITE_DEFAULTS.concurrency,
    limits: (value.limits as SuiteDefinition['limits'] | undefined) ?? {},
    timeoutMs: (value.timeoutMs as number | undefined) ?? SUITE_DEFAULTS.timeoutMs,
    budgetUsd: (value.budgetUsd as number | undefined) ?? null,
    gate: { ...DEFAULT_GATE_SETTINGS, ...(value.gate as Partial<GateSettings> | undefined) },
  };
}

function normalizeDataset(value: unknown): DatasetDefinition {
  if (typeof value === 'string') return { files: [value] };
  if (Array.isArray(value)) return { files: value as string[] };
  return { files: (value as { files: string[] }).files };
}

function pickOthers(raw: Raw, common: readonly string[]): Record<string, unknown> {
  const others: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(raw)) if (!common.includes(key)) others[key] = item;
  return others;
}
