/**
 * `runSuite`: the programmatic entry the CLI calls. Streams cases × prompts × targets × repeats
 * through one lane per provider and a run-wide pool of calls in flight (each call takes its
 * provider's adaptive slot before a pool slot), scores each answer and
 * writes results to the `ResultStore` in batches as they complete. A budget cap stops scheduling
 * (calls in flight finish; the run is `stopped-budget`); `resume` skips keys already stored;
 * `shard` runs a deterministic 1/n of the keys. Memory does not grow with the number of cases.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { ATTR_SEXTANT_EVAL_RUN_ID, ATTR_SEXTANT_EVAL_SUITE } from '@sextant/spec';
import type { EvalRun, EvalRunStatus, ResultStore } from '@sextant/spec';
import { readDatasetBatches } from '../dataset/read-dataset.js';
import { createRedactor } from '../providers/classify-error.js';
import { defaultProviderRegistry } from '../providers/provider-registry.js';
import type { ProviderType } from '../providers/provider.js';
import { defaultScorerRegistry } from '../scorers/scorer-registry.js';
import type { ScorerType } from '../scorers/scorer.js';
import type { LoadedSuite, TargetDefinition } from '../suite/suite-definition.js';
import { compileTemplate } from '../template/compile-template.js';
import { ConcurrencyPool } from './concurrency-pool.js';
import { ModelCaller } from './model-caller.js';
import { prepareScorers } from './prepare-scorers.js';
import { ResponseCache } from './response-cache.js';
import { ResultBatcher } from './result-batcher.js';
import { createItemRunner } from './run-item.js';
import type { RunCounts, RunEvent, RunEventListener, RunSpend } from './run-events.js';
import { selectTargets } from './select-targets.js';
import { countShardItems, createScheduler } from './scheduler.js';
import { resultKey, shardOf, workItems } from './work-items.js';
import type { Shard } from './work-items.js';

export interface RunSuiteOptions {
  suite: LoadedSuite;
  store: ResultStore;
  /** Default: a new UUID. Give the same id to every shard of one run, and to resume. */
  runId?: string;
  /** Skip keys already stored for `runId` (which must exist). */
  resume?: boolean;
  shard?: Shard | null;
  /** Run only these targets (ids). */
  targetIds?: readonly string[];
  repeats?: number;
  concurrency?: number;
  /** Overrides the suite's `budgetUsd`; null removes the cap. */
  budgetUsd?: number | null;
  /** Response cache; on by default under `.sextant/cache` in the working directory. */
  cache?: { enabled?: boolean; directory?: string };
  /** Where API keys (named by `apiKeyEnv`) are read; default `process.env`. */
  environment?: Readonly<Record<string, string | undefined>>;
  providers?: ReadonlyMap<string, ProviderType>;
  scorers?: ReadonlyMap<string, ScorerType>;
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  onEvent?: RunEventListener;
  /** Aborting stops scheduling and cancels calls in flight; the run ends `failed`. */
  signal?: AbortSignal;
  git?: { sha: string; branch: string };
  baselineRunId?: string | null;
  /** Results per store write (default 200) and the longest a result waits (default 1000 ms). */
  batchSize?: number;
  flushIntervalMs?: number;
  now?: () => number;
  createRunId?: () => string;
}

export interface RunSummary {
  runId: string;
  /**
   * How this invocation ended. For a shard, `completed` means the shard is done; the stored run
   * row says `completed` only once every shard's results are in.
   */
  status: EvalRunStatus;
  counts: RunCounts;
  spend: RunSpend;
  /** Per provider name: where the adaptive concurrency limit ended and how often 429s cut it. */
  limits: Record<string, { limit: number; cuts: number }>;
  startedAt: number;
  finishedAt: number;
}

export class RunError extends Error {
  override readonly name = 'RunError';
}

export async function runSuite(options: RunSuiteOptions): Promise<RunSummary> {
  const { suite, store } = options;
  const now = options.now ?? Date.now;
  const environment = options.environment ?? process.env;
  const providers = options.providers ?? defaultProviderRegistry;
  const scorerRegistry = options.scorers ?? defaultScorerRegistry;
  const { targets, judges } = selectTargets({
    suite,
    targetIds: options.targetIds,
    scorers: scorerRegistry,
    environment,
  });
  const repeats = options.repeats ?? suite.definition.repeats;
  const concurrency = options.concurrency ?? suite.definition.concurrency;
  const budgetUsd =
    options.budgetUsd === undefined ? suite.definition.budgetUsd : options.budgetUsd;
  const runId = options.runId ?? (options.createRunId ?? randomUUID)();

  const existing = options.resume === true ? await store.getRun(runId) : null;
  if (options.resume === true && existing === null) {
    throw new RunError(
      `cannot resume run ${runId}: the store has no such run; start it without resume`,
    );
  }
  if (
    existing !== null &&
    (existing.promptHash !== suite.promptHash || existing.datasetHash !== suite.datasetHash)
  ) {
    // Mixing answers to two versions of the suite in one run would make its results meaningless.
    throw new RunError(
      `cannot resume run ${runId}: its prompts or dataset changed since it started; start a new run instead`,
    );
  }
  const completed = new Set<string>();
  let completedInShard = 0;
  if (existing !== null) {
    for (const key of await store.completedKeys(runId)) {
      const text = resultKey(key.caseId, key.promptId, key.targetId, key.repeat);
      completed.add(text);
      if (options.shard == null || shardOf(text, options.shard.count) === options.shard.index)
        completedInShard += 1;
    }
  }

  const stop = new AbortController();
  const signal =
    options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  const secrets = [...targets, ...judges].flatMap((target) =>
    target.apiKeyEnv === undefined ? [] : [environment[target.apiKeyEnv] ?? ''],
  );
  const redact = createRedactor(secrets);
  const caller = new ModelCaller({
    providers,
    environment,
    suiteDirectory: suite.directory,
    timeoutMs: suite.definition.timeoutMs,
    limits: suite.definition.limits,
    concurrency,
    pool: new ConcurrencyPool(concurrency),
    signal,
    attributes: { [ATTR_SEXTANT_EVAL_RUN_ID]: runId, [ATTR_SEXTANT_EVAL_SUITE]: suite.name },
    ...(options.tracerProvider === undefined ? {} : { tracerProvider: options.tracerProvider }),
    ...(options.meterProvider === undefined ? {} : { meterProvider: options.meterProvider }),
  });
  const run: EvalRun = {
    runId,
    suite: suite.name,
    description: suite.description,
    gitSha: options.git?.sha ?? existing?.gitSha ?? '',
    gitBranch: options.git?.branch ?? existing?.gitBranch ?? '',
    config: JSON.stringify({
      ...suite.definition,
      targets: targets.map(withoutHeaderValues),
      repeats,
      concurrency,
      budgetUsd,
    }),
    promptHash: suite.promptHash,
    datasetHash: suite.datasetHash,
    baselineRunId: options.baselineRunId ?? existing?.baselineRunId ?? null,
    status: 'running',
    verdict: 'none',
    startedAt: existing?.startedAt ?? now(),
    finishedAt: null,
  };
  const emit = (event: RunEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's failure must not stop the run.
    }
  };

  // Clients and scorers are built before the first call and before the run row exists, so a
  // configuration error costs nothing and leaves no trace in the store.
  let scorers: Awaited<ReturnType<typeof prepareScorers>>;
  try {
    for (const target of [...targets, ...judges]) await caller.prepare(target);
    scorers = await prepareScorers({
      definitions: suite.scorers,
      registry: scorerRegistry,
      suiteDirectory: suite.directory,
      callModel: caller.callModel,
    });
  } catch (error) {
    await caller.close();
    throw new RunError(
      `suite ${suite.name}: could not set up targets and scorers: ${redact((error as Error).message ?? String(error))}`,
      { cause: error },
    );
  }

  try {
    await store.saveRun(run);

    const shard = options.shard ?? null;
    const total = suite.caseCount * suite.prompts.length * targets.length * repeats;
    const inShard =
      shard === null ? total : await countShardItems({ suite, targets, repeats, shard });
    const counts: RunCounts = {
      planned: Math.max(0, inShard - completedInShard),
      completed: 0,
      passed: 0,
      failed: 0,
      errors: 0,
      cacheHits: 0,
      skippedCompleted: 0,
      skippedShard: 0,
      notStarted: 0,
    };
    const spend: RunSpend = { targetUsd: 0, judgeUsd: 0, unknownPriceResults: 0 };
    emit({
      type: 'run-start',
      runId,
      suite: suite.name,
      planned: counts.planned,
      resumed: existing !== null,
      startedAt: run.startedAt,
    });

    const runItem = createItemRunner({
      runId,
      suite: suite.name,
      caller,
      scorers,
      threshold: suite.definition.threshold,
      templates: new Map(
        suite.prompts.map((prompt) => [
          prompt.id,
          prompt.messages.map((message) => compileTemplate(message.content)),
        ]),
      ),
      cache:
        options.cache?.enabled === false
          ? null
          : new ResponseCache(resolve(options.cache?.directory ?? join('.sextant', 'cache'))),
      cacheable: (provider) => providers.get(provider)?.cacheable !== false,
      redact,
      signal,
    });
    const batcher = new ResultBatcher(
      store,
      options.batchSize ?? 200,
      options.flushIntervalMs ?? 1000,
    );
    // One lane per provider (the unit of adaptive limits), each reading the dataset itself, so a
    // provider held back by 429s never stops the others from being fed.
    const lanes = [...groupByProvider(targets).values()].map((laneTargets) =>
      workItems({
        cases: readDatasetBatches({
          files: suite.datasetFiles.map((path) => ({ path, displayFile: path })),
        }),
        prompts: suite.prompts,
        targets: laneTargets,
        repeats,
        shard,
        completed,
        counters: counts,
      }),
    );
    const outcome = await createScheduler({
      lanes,
      concurrency,
      signal,
      budgetUsd,
      spend,
      async runItem(item) {
        if (options.onEvent !== undefined)
          emit({
            type: 'case-start',
            runId,
            caseId: item.evalCase.id,
            promptId: item.prompt.id,
            targetId: item.target.id,
            repeat: item.repeat,
          });
        const { result, freshTargetUsd } = await runItem(item);
        counts.completed += 1;
        if (result.status === 'error') counts.errors += 1;
        else if (result.passed) counts.passed += 1;
        else counts.failed += 1;
        if (result.cacheHit) counts.cacheHits += 1;
        if (freshTargetUsd === null) spend.unknownPriceResults += 1;
        else spend.targetUsd += freshTargetUsd;
        spend.judgeUsd += result.judgeCostUsd ?? 0;
        const waiting = batcher.add(result);
        if (waiting !== undefined) await waiting;
        if (options.onEvent !== undefined)
          emit({ type: 'case-end', runId, result, counts: { ...counts }, spend: { ...spend } });
        return freshTargetUsd ?? 0;
      },
    });
    counts.notStarted = outcome.notStarted;
    await batcher.close();
    const status: EvalRunStatus =
      outcome.stoppedBy === 'budget'
        ? 'stopped-budget'
        : outcome.stoppedBy === 'signal'
          ? 'failed'
          : 'completed';
    const finishedAt = now();
    // A shard that finished leaves the run `running` until the store holds every key of the
    // whole run (the other shards may still be going), so a half-written run is never listed as
    // completed nor picked as a baseline. Whichever shard finishes last completes it.
    const runComplete =
      status !== 'completed' ||
      shard === null ||
      (await store.completedKeys(runId)).length >= total;
    await store.saveRun(
      runComplete
        ? { ...run, status, finishedAt }
        : { ...run, status: 'running', finishedAt: null },
    );
    emit({
      type: 'run-end',
      runId,
      status,
      counts: { ...counts },
      spend: { ...spend },
      finishedAt,
    });
    return {
      runId,
      status,
      counts,
      spend,
      limits: caller.limiterStates(),
      startedAt: run.startedAt,
      finishedAt,
    };
  } catch (error) {
    stop.abort();
    await store.saveRun({ ...run, status: 'failed', finishedAt: now() }).catch(() => undefined);
    throw error;
  } finally {
    await caller.close();
  }
}

/** Header values may carry credentials, so the stored configuration keeps only their names. */
function withoutHeaderValues(target: TargetDefinition): TargetDefinition {
  const headers = target.options.headers;
  if (headers === null || typeof headers !== 'object') return target;
  const names = Object.fromEntries(Object.keys(headers).map((name) => [name, '[redacted]']));
  return { ...target, options: { ...target.options, headers: names } };
}

function groupByProvider(targets: readonly TargetDefinition[]): Map<string, TargetDefinition[]> {
  const groups = new Map<string, TargetDefinition[]>();
  for (const target of targets) {
    const group = groups.get(target.provider);
    if (group === undefined) groups.set(target.provider, [target]);
    else group.push(target);
  }
  return groups;
}
