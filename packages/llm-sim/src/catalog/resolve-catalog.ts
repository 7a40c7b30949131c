import { compileTemplate, type Template } from '../answers/compile-template.js';
import type { AnswerRule, Catalog, CatalogModel, Distribution, ProviderName } from './catalog.js';

/**
 * The catalog ready for serving: defaults filled, regular expressions and templates compiled
 * once, and every model reachable by its name and its aliases.
 */

export interface SimFaultRates {
  rateLimit: number;
  serverError: number;
  overloaded: number;
  connectionReset: number;
  hang: number;
  malformedChunk: number;
  streamCut: number;
}

export interface SimModel {
  name: string;
  provider: ProviderName;
  responseModel: string | null;
  kind: 'chat' | 'embedding';
  accuracy: number;
  ttftMs: Distribution;
  interTokenMs: Distribution;
  outputTokens: Distribution;
  reasoningTokens: Distribution | null;
  promptCacheMinTokens: number | null;
  embeddingDimensions: number;
  requestsPerMinute: number;
  tokensPerMinute: number;
  faultRates: SimFaultRates;
  retryAfterSeconds: number;
  hangMs: number | null;
}

export interface ClassifyChoice {
  value: string;
  keywords: RegExp;
  confusableWith: string[];
}

export interface CompiledRule {
  name: string;
  pattern: RegExp;
  systemPattern: RegExp | null;
  answer: Template;
  wrongAnswers: Template[];
  classify: {
    text: Template | null;
    fields: { name: string; choices: ClassifyChoice[]; defaultValue: string; values: string[] }[];
  } | null;
  adjustments: { pattern: RegExp; delta: number }[];
}

export interface SimCatalog {
  models: readonly SimModel[];
  byName: ReadonlyMap<string, SimModel>;
  rules: readonly CompiledRule[];
  fallback: Template;
}

const ZERO: Distribution = { median: 0, p95: 0 };
const DEFAULT_FALLBACK =
  'This is a simulated answer from {{model}}, a rule-based stand-in for a language model. ' +
  'You asked: "{{excerpt}}".';

export function resolveCatalog(options: { catalog: Catalog; base?: Catalog }): SimCatalog {
  const { catalog, base } = options;
  const modelsByName = new Map<string, CatalogModel>();
  for (const model of [...(base?.models ?? []), ...catalog.models])
    modelsByName.set(model.name, model);
  const models = [...modelsByName.values()].map(resolveModel);
  const byName = new Map<string, SimModel>();
  for (const model of models) byName.set(model.name, model);
  for (const source of modelsByName.values()) {
    const model = byName.get(source.name);
    for (const alias of source.aliases ?? [])
      if (model && !byName.has(alias)) byName.set(alias, model);
  }
  const rules = [...(catalog.rules ?? []), ...(base?.rules ?? [])].map(compileRule);
  const fallback = compileTemplate(catalog.fallback ?? base?.fallback ?? DEFAULT_FALLBACK);
  return { models, byName, rules, fallback };
}

function resolveModel(model: CatalogModel): SimModel {
  const faults = model.faults ?? {};
  return {
    name: model.name,
    provider: model.provider ?? 'any',
    responseModel: model.responseModel ?? null,
    kind: model.kind ?? 'chat',
    accuracy: model.accuracy ?? 1,
    ttftMs: model.latency?.ttftMs ?? ZERO,
    interTokenMs: model.latency?.interTokenMs ?? ZERO,
    outputTokens: model.outputTokens ?? { median: 40, p95: 120 },
    reasoningTokens: model.reasoningTokens ?? null,
    promptCacheMinTokens: model.promptCache?.minTokens ?? null,
    embeddingDimensions: model.embeddingDimensions ?? 1536,
    requestsPerMinute: model.rateLimits?.requestsPerMinute ?? 10_000,
    tokensPerMinute: model.rateLimits?.tokensPerMinute ?? 2_000_000,
    faultRates: {
      rateLimit: faults.rateLimit ?? 0,
      serverError: faults.serverError ?? 0,
      overloaded: faults.overloaded ?? 0,
      connectionReset: faults.connectionReset ?? 0,
      hang: faults.hang ?? 0,
      malformedChunk: faults.malformedChunk ?? 0,
      streamCut: faults.streamCut ?? 0,
    },
    retryAfterSeconds: faults.retryAfterSeconds ?? 1,
    hangMs: faults.hangMs ?? null,
  };
}

function compileRule(rule: AnswerRule): CompiledRule {
  const classify = rule.classify
    ? {
        text: rule.classify.text === undefined ? null : compileTemplate(rule.classify.text),
        fields: Object.entries(rule.classify.fields).map(([name, field]) => {
          const values = [
            ...new Set([
              ...field.options.map((option) => String(option.value)),
              String(field.default),
            ]),
          ];
          return {
            name,
            defaultValue: String(field.default),
            values,
            choices: field.options.map((option) => ({
              value: String(option.value),
              keywords: keywordPattern(option.keywords),
              confusableWith: (option.confusableWith ?? []).map(String),
            })),
          };
        }),
      }
    : null;
  return {
    name: rule.name,
    // Sticky and global flags would make a shared RegExp stateful between requests.
    pattern: new RegExp(rule.match, (rule.flags ?? 'i').replace(/[gy]/g, '')),
    systemPattern: rule.systemMatch === undefined ? null : new RegExp(rule.systemMatch, 'i'),
    answer: compileTemplate(rule.answer),
    wrongAnswers: (rule.wrongAnswers ?? []).map(compileTemplate),
    classify,
    adjustments: (rule.accuracyAdjustments ?? []).map((adjustment) => ({
      pattern: new RegExp(adjustment.systemMatch, 'i'),
      delta: adjustment.delta,
    })),
  };
}

function keywordPattern(keywords: readonly string[]): RegExp {
  const escaped = keywords.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'i');
}
