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
export {
  builtInProviders,
  createProviderRegistry,
  defaultProviderRegistry,
} from './providers/provider-registry.js';
export { anthropicProvider } from './providers/anthropic-provider.js';
export { functionProvider } from './providers/function-provider.js';
export type { FunctionProviderInput } from './providers/function-provider.js';
export { openAiProvider } from './providers/openai-provider.js';
export { classifyError } from './providers/classify-error.js';
export { hashedHeaders } from './providers/request-identity.js';
export type { RequestIdentity } from './providers/request-identity.js';
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
export {
  builtInScorers,
  createScorerRegistry,
  defaultScorerRegistry,
} from './scorers/scorer-registry.js';
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
export {
  DEFAULT_GATE_SETTINGS,
  DEFAULT_MAX_MINIMUM_DETECTABLE_EFFECT,
} from './compare/gate-settings.js';
export type { GateSettings } from './compare/gate-settings.js';
export { wilsonInterval } from './stats/wilson-interval.js';
export type { WilsonIntervalOptions } from './stats/wilson-interval.js';
export { mcnemarExactTest } from './stats/mcnemar-exact-test.js';
export type {
  McNemarAlternative,
  McNemarExactTestOptions,
  McNemarExactTestResult,
} from './stats/mcnemar-exact-test.js';
export { pairedPassRateChange } from './stats/paired-pass-rate-change.js';
export type {
  PairedPassRateChange,
  PairedPassRateChangeOptions,
} from './stats/paired-pass-rate-change.js';
export {
  bootstrapReplicates,
  DEFAULT_BOOTSTRAP_REPLICATES,
  percentileInterval,
} from './stats/bootstrap.js';
export type { BootstrapReplicatesOptions } from './stats/bootstrap.js';
export { bootstrapMean, bootstrapRatio } from './stats/bootstrap-statistics.js';
export type {
  BootstrapEstimate,
  BootstrapSettings,
  RatioUnits,
} from './stats/bootstrap-statistics.js';
export {
  pairedBootstrapMeanDifference,
  pairedBootstrapRatioChange,
} from './stats/paired-bootstrap.js';
export type { PairedChange } from './stats/paired-bootstrap.js';
export { holmBonferroni } from './stats/holm-bonferroni.js';
export type { HolmBonferroniOptions, HolmBonferroniResult } from './stats/holm-bonferroni.js';
export { quantileExact, quantilesExact } from './stats/quantile-exact.js';
export { passAtK, passHatK } from './stats/pass-at-k.js';
export type { PassAtKOptions } from './stats/pass-at-k.js';
export { minimumDetectableEffect } from './stats/minimum-detectable-effect.js';
export type { MinimumDetectableEffectOptions } from './stats/minimum-detectable-effect.js';
export { createSeededRandom, DEFAULT_SEED } from './stats/seeded-random.js';
export type { RandomSource } from './stats/seeded-random.js';
export { StatisticsInputError } from './stats/interval.js';
export type { Interval } from './stats/interval.js';
export { buildRunReport } from './report/build-run-report.js';
export type { BuildRunReportOptions } from './report/build-run-report.js';
export type {
  CostPerSuccess,
  CostQualityFrontier,
  GroupReport,
  KEstimate,
  RepeatStatistics,
  RunReport,
} from './report/run-report.js';
export {
  formatCount,
  formatMilliseconds,
  formatPercent,
  formatPoints,
  formatPValue,
  formatRelativeChange,
  formatScore,
  formatScoreChange,
  formatUsd,
} from './report/format-units.js';
export { compareRuns } from './compare/compare-runs.js';
export type { CompareRunsOptions, ComparisonSide } from './compare/compare-runs.js';
export { gateWithoutBaseline } from './compare/gate-without-baseline.js';
export type {
  GateWithoutBaseline,
  GateWithoutBaselineOptions,
} from './compare/gate-without-baseline.js';
export { EXIT_CODES, exitCodeForVerdict } from './compare/exit-codes.js';
export type { ExitCodeName } from './compare/exit-codes.js';
export type {
  CaseChange,
  CaseSnapshot,
  GroupComparison,
  MetricName,
  MetricTest,
  RunComparison,
  SkippedMetric,
  UnpairedGroup,
  Verdict,
} from './compare/run-comparison.js';
export {
  isReporterName,
  renderReport,
  REPORTERS,
  writeReport,
} from './reporters/reporter-registry.js';
export type { RenderReportOptions, ReporterName } from './reporters/reporter-registry.js';
export type { Reporter, ReporterInput, ReporterOptions } from './reporters/reporter.js';
export { readResultsFile, ResultsFileError } from './reporters/read-results-file.js';
export type { ResultsFile } from './reporters/read-results-file.js';
export { RESULTS_FILE_SCHEMA_VERSION } from './reporters/json-reporter.js';
export { MARKDOWN_CHARACTER_LIMIT } from './reporters/markdown-reporter.js';
export { CSV_COLUMNS } from './reporters/csv-reporter.js';
