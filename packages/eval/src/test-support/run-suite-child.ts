/**
 * A runner process for the resume test: runs a suite into the embedded ClickHouse and prints one
 * line per finished case, so the parent can SIGKILL it mid-run. Configuration comes as JSON in
 * the SEXTANT_CHILD_RUN environment variable.
 */
import { ClickHouseResultStore, openClickHouse } from '@sextant/clickhouse';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load-suite.js';

interface ChildRun {
  suiteFile: string;
  dataDirectory: string;
  database: string;
  runId: string;
  resume: boolean;
  cacheDirectory: string;
  environment: Record<string, string>;
}

const configuration = JSON.parse(process.env['SEXTANT_CHILD_RUN'] ?? '{}') as ChildRun;
const clickhouse = await openClickHouse({
  url: '',
  dataDir: configuration.dataDirectory,
  database: configuration.database,
});
const store = new ClickHouseResultStore({ clickhouse, flushIntervalMs: 5 });
const suite = await loadSuite({ file: configuration.suiteFile });
const summary = await runSuite({
  suite,
  store,
  runId: configuration.runId,
  resume: configuration.resume,
  environment: configuration.environment,
  cache: { directory: configuration.cacheDirectory },
  batchSize: 4,
  flushIntervalMs: 20,
  onEvent(event) {
    if (event.type === 'case-end') process.stdout.write(`case-end ${event.counts.completed}\n`);
  },
});
await store.close();
await clickhouse.close();
process.stdout.write(
  `run-end ${summary.status} ${summary.counts.completed} ${summary.counts.skippedCompleted} ${summary.counts.cacheHits}\n`,
);
