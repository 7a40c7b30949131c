/**
 * Makes the run's model calls, target and judge alike: one provider client per distinct target
 * (created on first use), one adaptive limiter per provider name (taken before the run's global
 * pool slot, so a throttled provider never holds pool slots while it waits), a timeout per call
 * (its abort reason named `TimeoutError`, so clients report a timeout; the call's signal covers
 * the whole-call timeout, `deadlineCovered`), and every
 * call inside `collectLlmCalls` so its record (tokens, cost, TTFT, attempts, trace and span ids)
 * comes back with it. Never throws for a failed call; the failure is in the result.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { collectLlmCalls, createLlmCallCollector } from '@sextant/instrumentation';
import type {
  CollectedLlmCall,
  CollectedLlmCalls,
  CollectLlmCallsOptions,
} from '@sextant/instrumentation';
import { ATTR_SEXTANT_EVAL_ROLE } from '@sextant/spec';
import type {
  ModelCallRequest,
  ModelCallResult,
  ProviderClient,
  ProviderRequest,
  ProviderResponse,
  ProviderType,
} from '../providers/provider.js';
import type { RequestIdentity } from '../providers/request-identity.js';
import type { ProviderLimit, TargetDefinition } from '../suite/suite-definition.js';
import { AdaptiveLimiter } from './adaptive-limiter.js';
import { ConcurrencyPool } from './concurrency-pool.js';
import { canonicalJson } from './response-cache.js';

export interface ModelCallerOptions {
  providers: ReadonlyMap<string, ProviderType>;
  environment: Readonly<Record<string, string | undefined>>;
  suiteDirectory: string;
  timeoutMs: number;
  /** Per provider name; the run's concurrency is the default maximum. */
  limits: Readonly<Record<string, ProviderLimit>>;
  concurrency: number;
  /** Calls in flight across providers, taken after the provider's own slot (default: `concurrency`). */
  pool?: ConcurrencyPool;
  /** Stops every call when aborted. */
  signal: AbortSignal;
  attributes: Record<string, string | number>;
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

export interface TargetCall {
  outcome: { ok: true; value: ProviderResponse } | { ok: false; error: unknown };
  calls: CollectedLlmCall[];
  timedOut: boolean;
  latencyMs: number;
  startedAt: number;
}

export class ModelCaller {
  private readonly clients = new Map<string, Promise<ProviderClient>>();
  private readonly clientsByTarget = new WeakMap<TargetDefinition, Promise<ProviderClient>>();
  /** Clients already created, so a call does not wait a promise turn for its client. */
  private readonly readyClients = new WeakMap<TargetDefinition, ProviderClient>();
  private readonly limiters = new Map<string, AdaptiveLimiter>();
  private readonly pool: ConcurrencyPool;
  /** Controllers of the calls in flight, aborted together when the run's signal aborts. */
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly options: ModelCallerOptions) {
    // Scorers' user code may listen to the run's signal for every case; that is not a leak.
    setMaxListeners(0, options.signal);
    this.pool = options.pool ?? new ConcurrencyPool(options.concurrency);
    const inFlight = this.inFlight;
    options.signal.addEventListener(
      'abort',
      () => {
        for (const controller of inFlight) stopCall(controller);
      },
      { once: true },
    );
  }

  limiterFor(provider: string): AdaptiveLimiter {
    let limiter = this.limiters.get(provider);
    if (limiter === undefined) {
      const limit = this.options.limits[provider];
      limiter = new AdaptiveLimiter({
        maxConcurrency: limit?.concurrency ?? this.options.concurrency,
        ...(limit?.requestsPerMinute === undefined
          ? {}
          : { requestsPerMinute: limit.requestsPerMinute }),
      });
      this.limiters.set(provider, limiter);
    }
    return limiter;
  }

  limiterStates(): Record<string, { limit: number; cuts: number }> {
    const states: Record<string, { limit: number; cuts: number }> = {};
    for (const [provider, limiter] of this.limiters) {
      const state = limiter.state();
      states[provider] = { limit: state.limit, cuts: state.cuts };
    }
    return states;
  }

  /** Creates a target's client now, so configuration problems surface before the first call. */
  prepare(target: TargetDefinition): Promise<ProviderClient> {
    // Per-call fast path: the same target object always maps to the same client.
    const known = this.clientsByTarget.get(target);
    if (known !== undefined) return known;
    const key = canonicalJson({ ...target, id: '' });
    let client = this.clients.get(key);
    if (client === undefined) {
      const provider = this.options.providers.get(target.provider);
      if (provider === undefined) throw new Error(`unknown provider "${target.provider}"`);
      const limiter = this.limiterFor(target.provider);
      client = Promise.resolve(
        provider.create({
          target,
          environment: this.options.environment,
          suiteDirectory: this.options.suiteDirectory,
          prices: target.price === undefined ? {} : { [target.model]: target.price },
          timeoutMs: this.options.timeoutMs,
          concurrency: Math.min(
            this.options.limits[target.provider]?.concurrency ?? this.options.concurrency,
            this.options.concurrency,
          ),
          onResponse: (observation) => {
            if (observation.status === 429) limiter.onRateLimited(observation.retryAfterMs);
          },
          ...(this.options.tracerProvider === undefined
            ? {}
            : { tracerProvider: this.options.tracerProvider }),
          ...(this.options.meterProvider === undefined
            ? {}
            : { meterProvider: this.options.meterProvider }),
        }),
      );
      this.clients.set(key, client);
    }
    this.clientsByTarget.set(target, client);
    client.then(
      (ready) => this.readyClients.set(target, ready),
      () => undefined,
    );
    return client;
  }

  /** What the target's client sends besides the request, for the response cache's key. */
  async requestIdentity(target: TargetDefinition): Promise<RequestIdentity> {
    const client = await this.prepare(target);
    // Providers registered from code may not say; their options are then all there is to go on
    // (hashed, since they may hold credentials).
    return (
      client.requestIdentity ?? {
        options: `sha256:${createHash('sha256').update(canonicalJson(target.options)).digest('hex')}`,
      }
    );
  }

  async call(
    request: ModelCallRequest & {
      /** Besides the run's attributes (`options.attributes`), which every call carries. */
      attributes: Record<string, string | number>;
      deferSpanEnd: boolean;
    },
  ): Promise<TargetCall> {
    const client = this.readyClients.get(request.target) ?? (await this.prepare(request.target));
    const limiter = this.limiterFor(request.target.provider);
    // Provider slot first: a call held back by its provider's limiter (a 429 pause, a cut
    // limit) must not sit on a pool slot that calls to other providers could use. A free slot
    // is taken without a promise turn.
    const releaseProvider = limiter.tryAcquire() ?? (await limiter.acquire());
    const releasePool = this.pool.tryAcquire() ?? (await this.pool.acquire());
    // One controller per call, aborted by the timeout or by the run stopping. (AbortSignal.any
    // and AbortSignal.timeout would make three signals per call; signals are costly to create.)
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // Named `TimeoutError`, so clients report the call as timed out, not as aborted.
      controller.abort(
        new DOMException(`timed out after ${this.options.timeoutMs} ms`, 'TimeoutError'),
      );
    }, this.options.timeoutMs);
    // The run's signal reaches calls in flight through `inFlight` (one listener for the run);
    // a listener per call on the run's signal costs an EventTarget insertion and removal each.
    const ownSignal = request.signal === this.options.signal ? null : request.signal;
    const stop = ownSignal === null ? null : (): void => stopCall(controller);
    if (this.options.signal.aborted) stopCall(controller);
    else this.inFlight.add(controller);
    if (ownSignal !== null && stop !== null) {
      setMaxListeners(0, ownSignal);
      if (ownSignal.aborted) stop();
      else ownSignal.addEventListener('abort', stop, { once: true });
    }
    const startedAt = Date.now();
    const started = performance.now();
    try {
      const collected = await collectCalls(
        client,
        {
          messages: request.messages,
          tools: request.tools ?? [],
          responseFormat: request.responseFormat ?? null,
          vars: request.vars ?? {},
          signal: controller.signal,
          // The timer above aborts it at the setup's `timeoutMs`: the client needs none of its own.
          deadlineCovered: true,
        },
        {
          deferSpanEnd: request.deferSpanEnd,
          attributes: mergeAttributes(this.options.attributes, request.attributes),
        },
      );
      if (collected.ok) limiter.onSuccess();
      return {
        outcome: collected.ok
          ? { ok: true, value: collected.value }
          : { ok: false, error: collected.error },
        calls: collected.calls,
        timedOut: !collected.ok && timedOut,
        latencyMs: performance.now() - started,
        startedAt,
      };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
      if (ownSignal !== null && stop !== null) ownSignal.removeEventListener('abort', stop);
      releasePool();
      releaseProvider();
    }
  }

  /** For scorers that call a model (llm-judge): spans end at once, spend is returned apart. */
  readonly callModel = async (request: ModelCallRequest): Promise<ModelCallResult> => {
    const result = await this.call({
      ...request,
      attributes: { [ATTR_SEXTANT_EVAL_ROLE]: 'judge' },
      deferSpanEnd: false,
    });
    const records = result.calls.map((call) => call.record);
    if (result.outcome.ok) return { ok: true, response: result.outcome.value, records };
    const error = result.timedOut
      ? Object.assign(new Error(`judge call timed out after ${this.options.timeoutMs} ms`), {
          name: 'TimeoutError',
        })
      : result.outcome.error;
    return { ok: false, error, records };
  };

  async close(): Promise<void> {
    const clients = await Promise.allSettled(this.clients.values());
    for (const client of clients) if (client.status === 'fulfilled') await client.value.close?.();
  }
}

/**
 * `{ ...run, ...call }` without the spread: V8 took ~6 us per spread of these computed-key
 * objects (copying their keys one by one, ~0.3-0.5 us).
 */
function mergeAttributes(
  run: Record<string, string | number>,
  call: Record<string, string | number>,
): Record<string, string | number> {
  const merged: Record<string, string | number> = {};
  // Own keys only, as a spread copies them (for…in would also take inherited ones).
  for (const name of Object.keys(run)) merged[name] = run[name] as string | number;
  for (const name of Object.keys(call)) merged[name] = call[name] as string | number;
  return merged;
}

function stopCall(controller: AbortController): void {
  controller.abort(new Error('the run stopped'));
}

/** The client's call with the records of the model calls it made, through its collector if it takes one. */
async function collectCalls(
  client: ProviderClient,
  request: ProviderRequest,
  options: CollectLlmCallsOptions,
): Promise<CollectedLlmCalls<ProviderResponse>> {
  if (client.collectsCalls !== true) return collectLlmCalls(() => client.call(request), options);
  const collector = createLlmCallCollector(options);
  request.collector = collector;
  try {
    const value = await client.call(request);
    return { ok: true, value, calls: collector.calls };
  } catch (error) {
    return { ok: false, error, calls: collector.calls };
  }
}
