// Suites
export { loadSuite } from './suite/load-suite.js';
export type { LoadSuiteOptions } from './suite/load-suite.js';
export { SUITE_DEFAULTS } from './suite/normalize-suite.js';
export { suiteSchema } from './suite/suite-schema.js';
export type {
  ChatMessage,
  ChatRole,
  DatasetDefinition,
  LoadedSuite,
  PromptDefinition,
  ProviderLimit,
  ResolvedPrompt,
  ResponseFormat,
  ScorerDefinition,
  SuiteDefinition,
  TargetDefinition,
  TargetPrice,
  ToolDefinition,
} from './suite/suite-definition.js';
export { formatSuiteIssue, SuiteError } from './errors/suite-error.js';
export type { SuiteIssue } from './errors/suite-error.js';

// Datasets and templates
export { inspectDataset, readDataset } from './dataset/read-dataset.js';
export type { DatasetFile, DatasetInspection } from './dataset/read-dataset.js';
export { hashVariables } from './dataset/dataset-row.js';
export { compileTemplate, templateVariables } from './template/compile-template.js';
export type { CompiledTemplate } from './template/compile-template.js';

// Providers
export { builtInProviders, createProviderRegistry, defaultProviderRegistry } from './providers/provider-registry.js';
export { anthropicProvider } from './providers/anthropic-provider.js';
export { functionProvider } from './providers/function-provider.js';
export type { FunctionProviderInput } from './providers/function-provider.js';
export { openAiProvider } from './providers/openai-provider.js';
export { classifyError } from './providers/classify-error.js';
export type { CallErrorType, ClassifiedError } from './providers/classify-error.js';
export type {
  ModelCallRequest,
  ModelCallResult,
  ProviderCall,
  ProviderClient,
  ProviderProblem,
  ProviderRequest,
  ProviderResponse,
  ProviderSetup,
  ProviderType,
  ResponseObservation,
} from './providers/provider.js';

// Scorers
export { builtInScorers, createScorerRegistry, defaultScorerRegistry } from './scorers/scorer-registry.js';
export { defineScorer } from './scorers/scorer.js';
export type {
  JudgeUsage,
  PreparedScorer,
  Score,
  ScoreInput,
  ScorerProblem,
  ScorerSetup,
  ScorerType,
  ToolCall,
} from './scorers/scorer.js';
export type { JavascriptScorerInput } from './scorers/javascript-scorer.js';

// Runner
export { runSuite, RunError } from './runner/run-suite.js';
export type { RunSuiteOptions, RunSummary } from './runner/run-suite.js';
export type { RunCounts, RunEvent, RunEventListener, RunSpend } from './runner/run-events.js';
export { AdaptiveLimiter } from './runner/adaptive-limiter.js';
export type { AdaptiveLimiterOptions, LimiterState } from './runner/adaptive-limiter.js';
export { ResponseCache } from './runner/response-cache.js';
export type { CacheRequest, CachedResponse } from './runner/response-cache.js';
export { resultKey, shardOf } from './runner/work-items.js';
export type { Shard } from './runner/work-items.js';

// analysis
export { DEFAULT_GATE_SETTINGS } from './compare/gate-settings.js';
export type { GateSettings } from './compare/gate-settings.js';
