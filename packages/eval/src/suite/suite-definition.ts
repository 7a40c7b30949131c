/**
 * The suite file's shape after schema validation (`SuiteDefinition`, what the YAML says) and
 * after loading (`LoadedSuite`, files resolved and checked against the dataset). Reporters and
 * the comparison read names from these types, so fields are only ever added.
 */
import type { GateSettings } from '../compare/gate-settings.js';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** A function tool the model may call, in the OpenAI function shape (translated for Anthropic). */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

/** A prompt version as written in the suite (inline, or `file:` holding the same fields). */
export interface PromptDefinition {
  id: string;
  description?: string;
  file?: string;
  system?: string;
  messages?: ChatMessage[];
  tools?: ToolDefinition[];
  responseFormat?: ResponseFormat;
}

/** Per-model prices in USD per million tokens (simulated and private models have no public price). */
export interface TargetPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number;
  cacheWritePerMillion?: number;
}

export interface TargetDefinition {
  id: string;
  provider: string;
  model: string;
  /** Model parameters passed to the provider as they are (temperature, max_tokens, top_p, seed, stream…). */
  parameters: Record<string, unknown>;
  /** Name of the environment variable holding the API key; the key itself never appears in a suite. */
  apiKeyEnv?: string;
  price?: TargetPrice;
  /** Retries done by the provider SDK on 429/5xx/connection errors (default 2). */
  maxRetries?: number;
  /** Provider-specific settings (`baseURL`, `module`…), validated by the provider's own schema. */
  options: Record<string, unknown>;
}

/** A scorer as configured: common fields plus the scorer type's own options. */
export interface ScorerDefinition {
  /** Unique within the suite; defaults to the type (then `type-2`, `type-3`…). */
  name: string;
  type: string;
  weight: number;
  required: boolean;
  /** Inverts the score (1 − score) and the pass flag. */
  negate: boolean;
  options: Record<string, unknown>;
}

export interface ProviderLimit {
  /** Most calls in flight to this provider at once (the adaptive limit never exceeds it). */
  concurrency?: number;
  requestsPerMinute?: number;
}

export interface DatasetDefinition {
  /** One or more CSV or JSONL files, relative to the suite file. */
  files: string[];
}

export interface SuiteDefinition {
  name: string;
  description: string;
  prompts: PromptDefinition[];
  dataset: DatasetDefinition;
  targets: TargetDefinition[];
  scorers: ScorerDefinition[];
  /**
   * Per-case pass threshold on the weighted mean score, in [0, 1]; null (the default) means a
   * case passes only when every scorer passes.
   */
  threshold: number | null;
  repeats: number;
  concurrency: number;
  /** Keyed by provider name (`openai`, `anthropic`…). */
  limits: Record<string, ProviderLimit>;
  timeoutMs: number;
  /** Hard cap on target + judge spend for a run; null for none. */
  budgetUsd: number | null;
  gate: GateSettings;
}

/** A prompt version with its messages resolved (file read, system prompt first). */
export interface ResolvedPrompt {
  id: string;
  description: string;
  messages: ChatMessage[];
  tools: ToolDefinition[];
  responseFormat: ResponseFormat | null;
  /** Where it came from, for messages. */
  file: string;
}

export interface LoadedSuite {
  /** Absolute path of the suite file. */
  file: string;
  /** The suite file as messages name it (relative to the working directory when possible). */
  displayFile: string;
  /** 1-based line of a field of the suite file (`['targets', 0, 'apiKeyEnv']`), for later errors. */
  lineOf(path: readonly (string | number)[]): number | null;
  /** Directory relative paths in the suite resolve against. */
  directory: string;
  definition: SuiteDefinition;
  name: string;
  description: string;
  prompts: ResolvedPrompt[];
  targets: TargetDefinition[];
  scorers: ScorerDefinition[];
  /** Absolute dataset file paths, in order. */
  datasetFiles: string[];
  /** Number of cases in the dataset (counted while validating it). */
  caseCount: number;
  gate: GateSettings;
  /** sha256 of the resolved prompts, for the run row. */
  promptHash: string;
  /** sha256 of the dataset files' bytes, for the run row. */
  datasetHash: string;
  /** Every file the suite depends on (suite, prompt files, datasets, modules), for change detection. */
  dependencies: string[];
}
