/**
 * The one signature every scorer has. A scorer type declares a JSON Schema for its options
 * (checked when the suite loads, with line numbers), may check more at load time (`check`), and
 * is prepared once per run (`create`: compile regexes and schemas, import modules) so that
 * scoring a case does no compiling. Scores are in [0, 1]; the runner applies weight and negation.
 */
import type { Ajv } from 'ajv';
import type { CompiledTemplate } from '../template/compile-template.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ChatMessage, TargetDefinition } from '../suite/suite-definition.js';

export interface ToolCall {
  name: string;
  /** The arguments as the model sent them (JSON text, possibly invalid). */
  arguments: string;
}

export interface ScoreInput {
  output: string;
  /** The rendered request messages (system first). */
  messages: readonly ChatMessage[];
  expected: string | null;
  caseId: string;
  vars: Readonly<Record<string, unknown>>;
  /** Looks up a template variable for this case (vars, plus `expected` and `id`). */
  lookup: (name: string) => unknown;
  toolCalls: readonly ToolCall[];
  finishReason: string | null;
  latencyMs: number;
  costUsd: number | null;
  /** Aborted when the run stops; scorers that call out (llm-judge) pass it on. */
  signal: AbortSignal;
}

/** Spend of a scorer that calls a model (llm-judge), recorded apart from the target's. */
export interface JudgeUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface Score {
  score: number;
  passed: boolean;
  reason: string;
  judge?: JudgeUsage;
  /** Set when the scorer could not judge (its own model call failed): the result is an error, not a failure. */
  error?: { type: string; message: string };
}

export interface ScorerSetup {
  /** Directory the suite's relative paths resolve against. */
  suiteDirectory: string;
  ajv: Ajv;
  /** Compiles a template found in the options (the loader has checked its variables). */
  compileTemplate(source: string): CompiledTemplate;
  /** Calls a model through the run's providers (for llm-judge); instrumented like target calls. */
  callModel: ProviderCall;
}

export interface PreparedScorer {
  score(input: ScoreInput): Score | Promise<Score>;
}

export interface ScorerProblem {
  /** Option name, relative to the scorer (`pattern`, `schema.properties`). */
  field: string;
  message: string;
}

export interface ScorerType<Options = Record<string, unknown>> {
  type: string;
  /** JSON Schema of the options (the keys besides name, type, weight, required, negate). */
  optionsSchema: Record<string, unknown>;
  /** Checks the schema cannot express (a regex compiles, a module file exists). */
  check?(options: Options, context: { suiteDirectory: string; ajv: Ajv }): ScorerProblem[];
  /**
   * True when scoring reads only its input: no model call, no user code. When every scorer of a
   * run is pure, the runner scores outside `collectLlmCalls`, whose AsyncLocalStorage would turn
   * on Node's promise hooks (a cost on every promise of the process) only to label judge calls.
   */
  pure?: boolean;
  /** Models the scorer calls (llm-judge), so the runner checks their keys and clients before the first call. */
  targets?(options: Options): TargetDefinition[];
  create(options: Options, setup: ScorerSetup): PreparedScorer | Promise<PreparedScorer>;
}

/** Erases the options type so scorers of different option types fit one registry. */
export function defineScorer<Options>(scorer: ScorerType<Options>): ScorerType {
  return scorer as unknown as ScorerType;
}

export function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(1, Math.max(0, score));
}
