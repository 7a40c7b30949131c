/**
 * A run as the user names it on the command line, for baselines, `report` and `compare`:
 * - a path to a results file written by `--out json=…` (so CI without a shared ClickHouse can
 *   still compare with main's run, downloaded as an artifact);
 * - `latest` or `latest:BRANCH`: the newest completed run of the suite on that branch;
 * - a run id stored in ClickHouse.
 * Unknown ids, missing files and runs of another suite are user errors that say what to do.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SextantClickHouse } from '@sextant/clickhouse';
import type { EvalResult, EvalRun, ResultStore } from '@sextant/spec';
import { CliUserError } from '../user-error.js';

export interface ResolvedRun {
  run: EvalRun;
  /** Streams the run's results; may be called more than once. */
  results: () => AsyncIterable<EvalResult> | Iterable<EvalResult>;
  /** How the user named it, for messages. */
  source: string;
}

export type RunReference =
  | { kind: 'file'; path: string; text: string }
  | { kind: 'latest'; branch: string | null; text: string }
  | { kind: 'id'; runId: string; text: string };

export function parseRunReference(options: { text: string; cwd: string }): RunReference {
  const { text, cwd } = options;
  if (text === 'latest') return { kind: 'latest', branch: null, text };
  if (text.startsWith('latest:'))
    return { kind: 'latest', branch: text.slice('latest:'.length), text };
  const path = resolve(cwd, text);
  if (existsSync(path) || /\.json$/i.test(text)) return { kind: 'file', path, text };
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(text)) {
    throw new CliUserError(
      `"${text}" is neither a run id, latest[:BRANCH], nor an existing results file (.json)`,
    );
  }
  return { kind: 'id', runId: text, text };
}

export async function resolveRunReference(options: {
  reference: RunReference;
  /** Needed for `latest`; also checked against file and id references when given. */
  suite: string | null;
  /** Branch for a plain `latest`. */
  defaultBranch: string | null;
  clickhouse: () => Promise<SextantClickHouse>;
  store: () => Promise<ResultStore>;
  where: string;
}): Promise<ResolvedRun | null> {
  const { reference, suite } = options;
  if (reference.kind === 'file') {
    const { readResultsFile } = await import('@sextant/eval');
    const file = await readResultsFile(reference.path);
    checkSuite({ run: file.run, suite, source: reference.text });
    return { run: file.run, results: () => file.results, source: reference.text };
  }
  if (reference.kind === 'latest') {
    const { queryLatestRun, queryRuns } = await import('@sextant/clickhouse');
    const clickhouse = await options.clickhouse();
    const branch = reference.branch ?? options.defaultBranch;
    let run: EvalRun | null;
    if (suite !== null && branch !== null) {
      run = await queryLatestRun(clickhouse, { suite, branch });
    } else {
      [run = null] = await queryRuns(clickhouse, {
        ...(suite === null ? {} : { suite }),
        ...(branch === null ? {} : { branch }),
        limit: 1,
      });
    }
    if (run === null) return null;
    const store = await options.store();
    return { run, results: () => store.readResults(run.runId), source: reference.text };
  }
  const store = await options.store();
  const run = await store.getRun(reference.runId);
  if (run === null) {
    throw new CliUserError(
      `no run with id ${reference.runId} in ${options.where}. List the runs with \`sextant runs\`, ` +
        'pass --clickhouse URL if the run is on a server, or give a results file (.json) instead.',
    );
  }
  checkSuite({ run, suite, source: reference.text });
  return { run, results: () => store.readResults(run.runId), source: reference.text };
}

function checkSuite(options: { run: EvalRun; suite: string | null; source: string }): void {
  const { run, suite, source } = options;
  if (suite !== null && run.suite !== suite) {
    throw new CliUserError(
      `baseline ${source} is a run of suite "${run.suite}", not of "${suite}"; give a baseline of the same suite`,
    );
  }
}
