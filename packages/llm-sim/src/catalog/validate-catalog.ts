import type {
  AccuracyAdjustment,
  AnswerRule,
  Catalog,
  CatalogModel,
  ClassifyField,
  ClassifyOption,
  Distribution,
  FaultProfile,
} from './catalog.js';

/** A path into the document, e.g. `['models', 2, 'faults', 'rateLimit']`. */
export type FieldPath = readonly (string | number)[];

/** Reports one problem at a path; the caller turns it into a `CatalogError` with a line. */
export type ReportProblem = (path: FieldPath, problem: string) => never;

type Scalar = string | number | boolean;

const FAULT_RATES = [
  'rateLimit',
  'serverError',
  'overloaded',
  'connectionReset',
  'hang',
  'malformedChunk',
  'streamCut',
] as const;

/**
 * Checks a parsed catalog document field by field and returns it typed. It never fills
 * defaults (the resolver does) so that what a user wrote and what we assumed stay apart.
 */
export function validateCatalog(options: { document: unknown; report: ReportProblem }): Catalog {
  const { report } = options;
  const root = record(options.document, [], report);
  const models = list(root.models, ['models'], report).map((value, index) =>
    validateModel(value, ['models', index], report),
  );
  const catalog: Catalog = { models };
  if (root.extendsDefault !== undefined) {
    catalog.extendsDefault = boolean(root.extendsDefault, ['extendsDefault'], report);
  }
  if (root.rules !== undefined) {
    catalog.rules = list(root.rules, ['rules'], report).map((value, index) =>
      validateRule(value, ['rules', index], report),
    );
  }
  if (root.fallback !== undefined) catalog.fallback = string(root.fallback, ['fallback'], report);
  return catalog;
}

function validateModel(value: unknown, path: FieldPath, report: ReportProblem): CatalogModel {
  const source = record(value, path, report);
  const at = (key: string): FieldPath => [...path, key];
  const model: CatalogModel = { name: string(source.name, at('name'), report) };
  if (source.provider !== undefined) {
    model.provider = oneOf(source.provider, ['openai', 'anthropic', 'any'], at('provider'), report);
  }
  if (source.aliases !== undefined) {
    model.aliases = list(source.aliases, at('aliases'), report).map((alias, index) =>
      string(alias, [...path, 'aliases', index], report),
    );
  }
  if (source.responseModel !== undefined) {
    model.responseModel = string(source.responseModel, at('responseModel'), report);
  }
  if (source.kind !== undefined) {
    model.kind = oneOf(source.kind, ['chat', 'embedding'], at('kind'), report);
  }
  if (source.accuracy !== undefined) {
    model.accuracy = number(source.accuracy, at('accuracy'), report, { min: 0, max: 1 });
  }
  if (source.latency !== undefined) {
    const latency = record(source.latency, at('latency'), report);
    model.latency = {};
    if (latency.ttftMs !== undefined) {
      model.latency.ttftMs = distribution(latency.ttftMs, [...path, 'latency', 'ttftMs'], report);
    }
    if (latency.interTokenMs !== undefined) {
      const field = [...path, 'latency', 'interTokenMs'];
      model.latency.interTokenMs = distribution(latency.interTokenMs, field, report);
    }
  }
  if (source.outputTokens !== undefined) {
    model.outputTokens = distribution(source.outputTokens, at('outputTokens'), report);
  }
  if (source.reasoningTokens !== undefined) {
    model.reasoningTokens = distribution(source.reasoningTokens, at('reasoningTokens'), report);
  }
  if (source.promptCache !== undefined) {
    const cache = record(source.promptCache, at('promptCache'), report);
    const field = [...path, 'promptCache', 'minTokens'];
    model.promptCache = { minTokens: number(cache.minTokens, field, report, { min: 0 }) };
  }
  if (source.embeddingDimensions !== undefined) {
    const field = at('embeddingDimensions');
    model.embeddingDimensions = integer(source.embeddingDimensions, field, report, 1);
  }
  if (source.rateLimits !== undefined) {
    const limits = record(source.rateLimits, at('rateLimits'), report);
    model.rateLimits = {};
    for (const key of ['requestsPerMinute', 'tokensPerMinute'] as const) {
      if (limits[key] !== undefined) {
        model.rateLimits[key] = integer(limits[key], [...path, 'rateLimits', key], report, 1);
      }
    }
  }
  if (source.faults !== undefined) model.faults = faultProfile(source.faults, at('faults'), report);
  return model;
}

function faultProfile(value: unknown, path: FieldPath, report: ReportProblem): FaultProfile {
  const source = record(value, path, report);
  const profile: FaultProfile = {};
  for (const key of Object.keys(source)) {
    if (
      !(FAULT_RATES as readonly string[]).includes(key) &&
      key !== 'retryAfterSeconds' &&
      key !== 'hangMs'
    ) {
      report(
        [...path, key],
        `unknown fault kind; use one of ${FAULT_RATES.join(', ')}, retryAfterSeconds, hangMs`,
      );
    }
  }
  for (const kind of FAULT_RATES) {
    if (source[kind] !== undefined) {
      profile[kind] = number(source[kind], [...path, kind], report, { min: 0, max: 1 });
    }
  }
  if (source.retryAfterSeconds !== undefined) {
    const field = [...path, 'retryAfterSeconds'];
    profile.retryAfterSeconds = number(source.retryAfterSeconds, field, report, { min: 0 });
  }
  if (source.hangMs !== undefined) {
    profile.hangMs = number(source.hangMs, [...path, 'hangMs'], report, { min: 0 });
  }
  return profile;
}

function validateRule(value: unknown, path: FieldPath, report: ReportProblem): AnswerRule {
  const source = record(value, path, report);
  const at = (key: string): FieldPath => [...path, key];
  const rule: AnswerRule = {
    name: string(source.name, at('name'), report),
    match: pattern(source.match, at('match'), report, source.flags),
    answer: string(source.answer, at('answer'), report),
  };
  if (source.flags !== undefined) rule.flags = string(source.flags, at('flags'), report);
  if (source.systemMatch !== undefined) {
    rule.systemMatch = pattern(source.systemMatch, at('systemMatch'), report, 'i');
  }
  if (source.wrongAnswers !== undefined) {
    rule.wrongAnswers = list(source.wrongAnswers, at('wrongAnswers'), report).map((item, index) =>
      string(item, [...path, 'wrongAnswers', index], report),
    );
  }
  if (source.classify !== undefined) {
    const classify = record(source.classify, at('classify'), report);
    const fieldsPath = [...path, 'classify', 'fields'];
    const fieldsSource = record(classify.fields, fieldsPath, report);
    const fields: Record<string, ClassifyField> = {};
    for (const [name, field] of Object.entries(fieldsSource)) {
      fields[name] = classifyField(field, [...fieldsPath, name], report);
    }
    rule.classify = { fields };
    if (classify.text !== undefined) {
      rule.classify.text = string(classify.text, [...path, 'classify', 'text'], report);
    }
  }
  if (source.accuracyAdjustments !== undefined) {
    const adjustments = list(source.accuracyAdjustments, at('accuracyAdjustments'), report);
    rule.accuracyAdjustments = adjustments.map((item, index): AccuracyAdjustment => {
      const itemPath = [...path, 'accuracyAdjustments', index];
      const adjustment = record(item, itemPath, report);
      return {
        systemMatch: pattern(adjustment.systemMatch, [...itemPath, 'systemMatch'], report, 'i'),
        delta: number(adjustment.delta, [...itemPath, 'delta'], report, { min: -1, max: 1 }),
      };
    });
  }
  return rule;
}

function classifyField(value: unknown, path: FieldPath, report: ReportProblem): ClassifyField {
  const source = record(value, path, report);
  const options = list(source.options, [...path, 'options'], report).map(
    (item, index): ClassifyOption => {
      const optionPath = [...path, 'options', index];
      const option = record(item, optionPath, report);
      const keywords = list(option.keywords, [...optionPath, 'keywords'], report).map((word, at) =>
        string(word, [...optionPath, 'keywords', at], report),
      );
      const result: ClassifyOption = {
        value: scalar(option.value, [...optionPath, 'value'], report),
        keywords,
      };
      if (option.confusableWith !== undefined) {
        const confusablePath = [...optionPath, 'confusableWith'];
        result.confusableWith = list(option.confusableWith, confusablePath, report).map(
          (other, at) => scalar(other, [...confusablePath, at], report),
        );
      }
      return result;
    },
  );
  return { options, default: scalar(source.default, [...path, 'default'], report) };
}

function distribution(value: unknown, path: FieldPath, report: ReportProblem): Distribution {
  const source = record(value, path, report);
  const median = number(source.median, [...path, 'median'], report, { min: 0 });
  const p95 = number(source.p95 ?? median, [...path, 'p95'], report, { min: 0 });
  if (p95 < median) report([...path, 'p95'], `must be at least the median (${median}), got ${p95}`);
  return { median, p95 };
}

function record(value: unknown, path: FieldPath, report: ReportProblem): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return report(path, `must be a mapping (key: value), got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, path: FieldPath, report: ReportProblem): unknown[] {
  if (!Array.isArray(value)) return report(path, `must be a list, got ${describe(value)}`);
  return value;
}

function string(value: unknown, path: FieldPath, report: ReportProblem): string {
  if (typeof value !== 'string' || value === '') {
    return report(path, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function scalar(value: unknown, path: FieldPath, report: ReportProblem): Scalar {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return report(path, `must be a string, number or boolean, got ${describe(value)}`);
}

function boolean(value: unknown, path: FieldPath, report: ReportProblem): boolean {
  if (typeof value !== 'boolean')
    return report(path, `must be true or false, got ${describe(value)}`);
  return value;
}

function number(
  value: unknown,
  path: FieldPath,
  report: ReportProblem,
  range: { min?: number; max?: number },
): number {
  const { min = -Infinity, max = Infinity } = range;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const bounds = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
    return report(path, `must be a number ${bounds}, got ${describe(value)}`);
  }
  return value;
}

function integer(value: unknown, path: FieldPath, report: ReportProblem, min: number): number {
  if (!Number.isInteger(value) || (value as number) < min) {
    return report(path, `must be an integer of at least ${min}, got ${describe(value)}`);
  }
  return value as number;
}

function oneOf<Value extends string>(
  value: unknown,
  allowed: readonly Value[],
  path: FieldPath,
  report: ReportProblem,
): Value {
  if (!allowed.includes(value as Value)) {
    return report(path, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as Value;
}

function pattern(value: unknown, path: FieldPath, report: ReportProblem, flags: unknown): string {
  const source = string(value, path, report);
  try {
    new RegExp(source, typeof flags === 'string' ? flags : 'i');
  } catch (error) {
    report(path, `is not a valid regular expression: ${(error as Error).message}`);
  }
  return source;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  return JSON.stringify(value) ?? String(value);
}
