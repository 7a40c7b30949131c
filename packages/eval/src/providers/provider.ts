/**
 * The provider interface: a provider type turns a target (provider, model, parameters, its own
 * options) into a client that answers chat requests. Providers build their SDK client through
 * `instrument()` so every call is a span; the runner wraps each call in `collectLlmCalls` and
 * never names a provider. A provider reports each HTTP response's status to `onResponse` so the
 * runner can adapt its concurrency to 429s, including those the SDK retries by itself.
 */
import type { Ajv } from 'ajv';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { LlmCallCollector, PriceOverrides } from '@sextant/instrumentation';
import type { LlmCallRecord } from '@sextant/spec';
import type {
  ChatMessage,
  ResponseFormat,
  TargetDefinition,
  ToolDefinition,
} from '../suite/suite-definition.js';
import type { ToolCall } from '../scorers/scorer.js';
import type { RequestIdentity } from './request-identity.js';

export interface ProviderRequest {
  messages: readonly ChatMessage[];
  tools: readonly ToolDefinition[];
  responseFormat: ResponseFormat | null;
  /**
   * Aborts the call (timeout or run stop). A timeout's reason is named `TimeoutError`; clients
   * report such an abort as a timeout, any other as an abort.
   */
  signal: AbortSignal;
  /**
   * True when `signal` aborts the call once the setup's `timeoutMs` has run out (the runner's
   * calls): a client may then skip a whole-call timer of its own.
   */
  deadlineCovered?: boolean;
  /** The case's variables, for providers that compute rather than call (`function`). */
  vars: Readonly<Record<string, unknown>>;
  /**
   * Given to clients that say `collectsCalls`: pass `collector.requestOptions(...)` to every
   * instrumented SDK call made for this request.
   */
  collector?: LlmCallCollector;
}

export interface ProviderResponse {
  output: string;
  finishReason: string | null;
  toolCalls: ToolCall[];
}

export interface ProviderClient {
  call(request: ProviderRequest): Promise<ProviderResponse>;
  /**
   * Everything besides the model, parameters and rendered request that selects the answer, as
   * actually sent (the resolved base URL, organization, hashed header values; never the key).
   * The response cache keys on it. Without it, the cache keys on a hash of the target's provider
   * options, which cannot see values a provider reads from the environment.
   */
  readonly requestIdentity?: RequestIdentity;
  /**
   * True when `call` hands `request.collector` to each instrumented SDK call it makes. The runner
   * then collects the call records through it instead of `collectLlmCalls`, whose
   * AsyncLocalStorage turns on Node's promise hooks (a cost on every promise of the process).
   */
  readonly collectsCalls?: boolean;
  close?(): Promise<void>;
}

export interface ResponseObservation {
  status: number;
  /** From `retry-after-ms` / `retry-after` on 429 and 503 responses. */
  retryAfterMs: number | null;
}

export interface ProviderSetup {
  target: TargetDefinition;
  /** Only the variable named by `apiKeyEnv` is read from it. */
  environment: Readonly<Record<string, string | undefined>>;
  suiteDirectory: string;
  prices: PriceOverrides;
  /** Per call, whole call (all SDK retries included). */
  timeoutMs: number;
  /** The most calls the runner will have in flight on this client (sizes connection pools). */
  concurrency?: number;
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  onResponse?: (observation: ResponseObservation) => void;
}

export interface ProviderProblem {
  /** Key of the target at fault (`baseURL`, `module`). */
  field: string;
  message: string;
}

export interface ProviderType {
  name: string;
  /** False for providers whose answers change without their request changing (user code); never cached. */
  cacheable?: boolean;
  /** JSON Schema of the provider's own target keys (besides the common ones). */
  optionsSchema: Record<string, unknown>;
  check?(
    target: TargetDefinition,
    context: { suiteDirectory: string; ajv: Ajv },
  ): ProviderProblem[];
  create(setup: ProviderSetup): ProviderClient | Promise<ProviderClient>;
}

/** One model call made for the run, target or judge, with what instrumentation recorded. */
export interface ModelCallRequest {
  target: TargetDefinition;
  messages: readonly ChatMessage[];
  tools?: readonly ToolDefinition[];
  responseFormat?: ResponseFormat | null;
  vars?: Readonly<Record<string, unknown>>;
  signal: AbortSignal;
}

export type ModelCallResult =
  | { ok: true; response: ProviderResponse; records: LlmCallRecord[] }
  | { ok: false; error: unknown; records: LlmCallRecord[] };

export type ProviderCall = (request: ModelCallRequest) => Promise<ModelCallResult>;
