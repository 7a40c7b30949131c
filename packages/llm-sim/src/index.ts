export { startLlmSim } from './start-llm-sim.js';
export type { LlmSim, LlmSimOptions } from './start-llm-sim.js';
export type { SimRequestLogEntry } from './request-log.js';
export type {
  AccuracyAdjustment,
  AnswerRule,
  Catalog,
  CatalogModel,
  ClassifyField,
  ClassifyOption,
  Distribution,
  FaultProfile,
  ProviderName,
} from './catalog/catalog.js';
export { CatalogError } from './catalog/catalog-error.js';
export {
  checkCatalog,
  DEFAULT_CATALOG_PATH,
  loadCatalogFile,
  loadDefaultCatalog,
  parseCatalogYaml,
} from './catalog/load-catalog.js';
export { CliUsageError, LLM_SIM_USAGE, runLlmSimCli } from './run-llm-sim-cli.js';
export { FAULT_KINDS } from './faults/choose-fault.js';
export type { FaultKind } from './faults/choose-fault.js';
