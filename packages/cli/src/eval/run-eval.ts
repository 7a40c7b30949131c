/**
 * `sextant eval`: loads every suite first (so a bad one fails before any call is paid for),
 * keeps the changed ones with `--changed-since`, resolves baselines, then runs the suites one
 * after another into ClickHouse with their spans exported, and returns the most severe verdict's
 * exit code (incomplete, then regressed, then inconclusive, then pass).
 */
import type { SextantClickHouse } from '@sextant/clickhouse';
import type { LoadedSuite, Verdict } from '@sextant/eval';
import type { ResultStore } from '@sextant/spec';
import { describeDatabase, openDatabase } from '../clickhouse/open-database.js';
import { EXIT_INTERRUPTED } from '../exit-codes.js';
import { CliUserError } from '../user-error.js';
import { evaluateSuite } from './evaluate-suite.js';
import { changedFiles, gitRevision } from './git.js';
import { applyGateOverrides } from './parse-gate-overrides.js';
import type { GateFlags } from './parse-gate-overrides.js';
import { parseOutputOptions } from './parse-output-option.js';
import { prepareSuite } from './prepare-suite.js';
import { parseRunReference, resolveRunReference } from './resolve-run-reference.js';
import type { ResolvedRun, RunReference } from './resolve-run-reference.js';
import { selectChangedSuites } from './select-changed-suites.js';
import { startTelemetry } from './start-telemetry.js';
import type { Telemetry } from './start-telemetry.js';
import { mostSevereExitCode } from './most-severe-exit-code.js';

export interface RunEvalOptions {
  suites: readonly string[];
  targets?: readonly string[] | undefined;
  prompts?: readonly string[] | undefined;
  repeats?: number | undefined;
  concurrency?: number | undefined;
  /** USD, or null to remove the suite's cap. */
  budgetUsd?: number | null | undefined;
  cache: boolean;
  cacheDirectory?: string | undefined;
  /** A run id to continue. */
  resume?: string | undefined;
  runId?: string | undefined;
  shard?: string | undefined;
  out: readonly string[];
  baseline: readonly string[];
  baselineBranch: string;
  gate: GateFlags;
  changedSince?: string | undefined;
  clickhouse?: string | undefined;
  branch?: string | undefined;
  seed?: number | undefined;
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  interactive: boolean;
  color: boolean;
  /** Aborts the runs (Ctrl-C). */
  signal?: AbortSignal;
  /**
   * An open database, store and telemetry to use (and leave open), for callers that run several
   * evals in one process (the demo): chDB opens a data directory once per process, and the
   * OpenTelemetry API takes one global provider.
   */
  session?: EvalSession;
}

export interface EvalSession {
  clickhouse: SextantClickHouse;
  store: ResultStore;
  telemetry: Telemetry;
}

export interface RunEvalResult {
  exitCode: number;
  runs: { suite: string; runId: string; verdict: Verdict | null }[];
}

export async function runEval(options: RunEvalOptions): Promise<RunEvalResult> {
  const { cwd, environment, stdout } = options;
  const outputs = parseOutputOptions(options.out);
  const shard = parseShard(options.shard);
  if (
    options.resume !== undefined &&
    options.runId !== undefined &&
    options.resume !== options.runId
  ) {
    throw new CliUserError('--resume and --run-id name different runs; give one of them');
  }
  if ((options.resume !== undefined || options.runId !== undefined) && options.suites.length > 1) {
    throw new CliUserError(
      '--resume and --run-id need exactly one suite (a run id belongs to one suite)',
    );
  }
  const references = options.baseline.map((text) => parseRunReference({ text, cwd }));
  const { DEFAULT_GATE_SETTINGS, loadSuite } = await import('@sextant/eval');
  // Bad gate flags are reported before anything is loaded or run.
  applyGateOverrides({ settings: { ...DEFAULT_GATE_SETTINGS }, flags: options.gate });
  const loaded: LoadedSuite[] = [];
  for (const file of options.suites) loaded.push(await loadSuite({ file, cwd }));

  let suites = loaded;
  const skippedSuites = new Set<string>();
  if (options.changedSince !== undefined) {
    const selection = selectChangedSuites({
      suites: loaded,
      changed: await changedFiles({ cwd, ref: options.changedSince }),
      ref: options.changedSince,
      cwd,
    });
    for (const { suite, because } of selection.selected) {
      stdout.write(
        `Running suite ${suite.name} (${suite.displayFile}): changed since ${options.changedSince}: ${because.join(', ')}\n`,
      );
    }
    for (const { suite, reason } of selection.skipped) {
      stdout.write(`Skipped suite ${suite.name} (${suite.displayFile}): ${reason}\n`);
    }
    suites = selection.selected.map((entry) => entry.suite);
    for (const { suite } of selection.skipped) skippedSuites.add(suite.name);
    if (suites.length === 0) {
      stdout.write(`No suite changed since ${options.changedSince}; nothing to run.\n`);
      return { exitCode: 0, runs: [] };
    }
  }
  const prepared = suites.map((suite) =>
    prepareSuite({ suite, promptIds: options.prompts, targetIds: options.targets, environment }),
  );

  const where = describeDatabase({ url: options.clickhouse, environment });
  let clickhouse: SextantClickHouse | undefined;
  let store: ResultStore | undefined;
  let telemetry: Telemetry | undefined;
  try {
    clickhouse =
      options.session?.clickhouse ??
      (await openDatabase({ url: options.clickhouse, cwd, environment }));
    const { ClickHouseResultStore } = await import('@sextant/clickhouse');
    const openStore = options.session?.store ?? new ClickHouseResultStore({ clickhouse });
    store = openStore;
    const database = clickhouse;
    const baselines = await resolveBaselines({
      references,
      suites: prepared,
      skippedSuites,
      baselineBranch: options.baselineBranch,
      clickhouse: database,
      store: openStore,
      where,
    });
    telemetry = options.session?.telemetry ?? (await startTelemetry({ clickhouse, environment }));
    const git = await gitRevision({ cwd, environment });
    if (options.branch !== undefined) git.branch = options.branch;
    stdout.write(
      `Results go to ${where}; call spans to ${telemetry.destinations.join(' and ')}.\n`,
    );
    const runs: RunEvalResult['runs'] = [];
    for (const suite of prepared) {
      if (options.signal?.aborted) break;
      const found = baselines.get(suite.name) ?? { baseline: null, reason: 'no --baseline given' };
      const outcome = await evaluateSuite({
        suite,
        store: openStore,
        run: {
          ...runIdOption(options),
          resume: options.resume !== undefined,
          shard,
          ...(options.targets === undefined || options.targets.length === 0
            ? {}
            : { targetIds: options.targets }),
          ...(options.repeats === undefined ? {} : { repeats: options.repeats }),
          ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
          ...(options.budgetUsd === undefined ? {} : { budgetUsd: options.budgetUsd }),
          cache: {
            enabled: options.cache,
            ...(options.cacheDirectory === undefined ? {} : { directory: options.cacheDirectory }),
          },
          environment,
          tracerProvider: telemetry.tracerProvider,
          git,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        baseline: found.baseline,
        noBaselineReason: found.reason,
        settings: applyGateOverrides({ settings: suite.gate, flags: options.gate }),
        gate: shard === null,
        outputs,
        severalSuites: prepared.length > 1,
        seed: options.seed,
        cwd,
        stdout,
        stderr: options.stderr,
        interactive: options.interactive,
        color: options.color,
        environment,
      });
      runs.push({ suite: suite.name, runId: outcome.runId, verdict: outcome.verdict });
      if (shard !== null) {
        stdout.write(
          `Shard ${shard.index}/${shard.count} of run ${outcome.runId} is done. When every shard has finished, gate the whole run with \`sextant compare <baseline> ${outcome.runId}\`.\n`,
        );
      }
    }
    if (options.signal?.aborted) {
      options.stderr.write(
        'sextant: interrupted; the results written so far are kept (continue with --resume RUN_ID).\n',
      );
      return { exitCode: EXIT_INTERRUPTED, runs };
    }
    return { exitCode: mostSevereExitCode(runs.map((run) => run.verdict)), runs };
  } finally {
    if (options.session === undefined) {
      await telemetry?.shutdown();
      await store?.close().catch(() => undefined);
      await clickhouse?.close().catch(() => undefined);
    }
  }
}

async function resolveBaselines(options: {
  references: readonly RunReference[];
  suites: readonly LoadedSuite[];
  /** Suites left out by --changed-since: their baselines are given but not needed. */
  skippedSuites: ReadonlySet<string>;
  baselineBranch: string;
  clickhouse: SextantClickHouse;
  store: ResultStore;
  where: string;
}): Promise<Map<string, { baseline: ResolvedRun | null; reason: string | null }>> {
  const { references, suites } = options;
  const found = new Map<string, { baseline: ResolvedRun | null; reason: string | null }>();
  const common = {
    defaultBranch: options.baselineBranch,
    clickhouse: () => Promise.resolve(options.clickhouse),
    store: () => Promise.resolve(options.store),
    where: options.where,
  };
  // One suite and no others named: a baseline of another suite is a mistake worth stopping for.
  const single =
    suites.length === 1 && options.skippedSuites.size === 0 ? (suites[0]?.name ?? null) : null;
  for (const reference of references) {
    if (reference.kind === 'latest') continue;
    const resolved = await resolveRunReference({ reference, suite: single, ...common });
    if (resolved === null) continue;
    const suite = resolved.run.suite;
    if (options.skippedSuites.has(suite)) continue;
    if (!suites.some((candidate) => candidate.name === suite)) {
      throw new CliUserError(
        `baseline ${reference.text} is a run of suite "${suite}", which is not among the suites to run (${suites.map((entry) => entry.name).join(', ')})`,
      );
    }
    if (found.has(suite)) {
      throw new CliUserError(`two baselines were given for suite "${suite}"; give one per suite`);
    }
    found.set(suite, { baseline: resolved, reason: null });
  }
  const latest = references.find((reference) => reference.kind === 'latest');
  for (const suite of suites) {
    if (found.has(suite.name)) continue;
    if (latest === undefined) {
      found.set(suite.name, {
        baseline: null,
        reason:
          references.length === 0
            ? 'no --baseline given; only the pass-rate floor (minPassRate) and completeness are gated'
            : `no baseline given for suite ${suite.name}`,
      });
      continue;
    }
    const resolved = await resolveRunReference({ reference: latest, suite: suite.name, ...common });
    const branch = latest.kind === 'latest' ? (latest.branch ?? options.baselineBranch) : '';
    found.set(suite.name, {
      baseline: resolved,
      reason:
        resolved === null
          ? `${options.where} has no completed run of suite ${suite.name} on branch ${branch}; only the pass-rate floor and completeness are gated`
          : null,
    });
  }
  return found;
}

function parseShard(text: string | undefined): { index: number; count: number } | null {
  if (text === undefined) return null;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(index >= 1 && index <= count)) {
    throw new CliUserError(
      `--shard ${text}: expected K/N with 1 <= K <= N, e.g. --shard 2/4 (the second of four shards)`,
    );
  }
  return { index, count };
}

function runIdOption(options: { resume?: string | undefined; runId?: string | undefined }): {
  runId?: string;
} {
  const runId = options.resume ?? options.runId;
  return runId === undefined ? {} : { runId };
}
