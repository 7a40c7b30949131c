// Eval result rows/s through ClickHouseResultStore on the embedded engine, against a baseline in
// the same run: the same rows inserted with @clickhouse/client's own `insert` of objects
// (JSONEachRow), in batches of the same size. Every measured write starts from an empty table
// (TRUNCATE). CPU is split into the main (JS) thread and the other threads (chDB's workers and
// pools, V8's GC helpers). Same-run floors: the JS encoding alone, and the engine alone on
// pre-encoded blocks (into the real table and into a Null table). Also the resume read
// (`completedKeys`) and the streaming read (`readResults`) of a 100,000-result run.
// Target (issue 4): ≥ 200,000 rows/s; completedKeys fast for 100k keys.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { ClickHouseResultStore } from '@sextant/clickhouse';
// Internal modules of the build, for the JS-only and engine-only rows.
import { EvalResultBlockEncoder } from '../../packages/clickhouse/dist/eval-result-block.js';
import { RESULT_NATIVE_COLUMNS } from '../../packages/clickhouse/dist/eval-rows.js';
import {
  insertNativeBlockFile,
  writeNativeBlockFile,
} from '../../packages/clickhouse/dist/insert-rows.js';
import {
  cpuNow,
  cpuSince,
  format,
  loadAverage,
  machine,
  medianMs,
  openBenchClickHouse,
  queryRows,
  table,
} from './bench-support.mjs';

const ROWS = Number(process.env.BENCH_RESULTS ?? 200_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 20_000);
const CALLER_CHUNK = 1_000;

function makeResults(runId, count) {
  const results = [];
  for (let index = 0; index < count; index += 1) {
    const passed = index % 4 !== 0;
    results.push({
      runId,
      caseId: `case-${String(index % 50_000)}`,
      promptId: `prompt-${String(index % 4)}`,
      targetId: `target-${String(Math.floor(index / 50_000) % 5)}`,
      repeat: Math.floor(index / 1_000_000),
      suite: 'support-bot',
      model: 'gpt-4o',
      provider: 'openai',
      status: index % 97 === 0 ? 'error' : 'ok',
      errorType: null,
      errorMessage: null,
      output: `Answer ${String(index)}: ${'lorem ipsum dolor sit amet '.repeat(6)}`,
      finishReason: 'stop',
      scores: [
        {
          name: 'exact',
          type: 'equals',
          score: passed ? 1 : 0,
          passed,
          reason: '',
          weight: 1,
          required: true,
        },
        {
          name: 'judge',
          type: 'llm-judge',
          score: 0.8,
          passed: true,
          reason: 'good',
          weight: 1,
          required: false,
        },
      ],
      score: passed ? 0.9 : 0.4,
      passed,
      latencyMs: 300 + (index % 2000),
      timeToFirstChunkMs: 80 + (index % 300),
      inputTokens: 1200,
      outputTokens: 90,
      cachedInputTokens: 1000,
      reasoningTokens: 0,
      costUsd: 0.0012,
      judgeCostUsd: 0.0003,
      judgeInputTokens: 500,
      judgeOutputTokens: 20,
      attempts: 1,
      retries: 0,
      cacheHit: false,
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      startedAt: 1_750_000_000_000 + index,
    });
  }
  return results;
}

const loadBefore = loadAverage();
const bench = await openBenchClickHouse('results');
const { clickhouse } = bench;

// One set of results, made long before the timed runs and reused by each of them (every run starts
// from an empty table): results made just before a run would be promoted to V8's old space during
// it, a cost of the benchmark holding 200,000 results, not of the store.
const storeResults = makeResults('store-run', ROWS);
// Baseline: the client's object insert of equivalent rows, same batch size.
let baselineRows = makeResults('baseline-run', ROWS).map((result, index) => ({
  run_id: result.runId,
  prompt_id: result.promptId,
  target_id: result.targetId,
  case_id: result.caseId,
  repeat: result.repeat,
  suite: result.suite,
  model: result.model,
  provider: result.provider,
  status: result.status,
  error_type: null,
  error_message: null,
  output: result.output,
  finish_reason: result.finishReason,
  scores: JSON.stringify(result.scores),
  score_by_scorer: { exact: result.scores[0].score, judge: 0.8 },
  score: result.score,
  passed: result.passed,
  latency_ms: result.latencyMs,
  time_to_first_chunk_ms: result.timeToFirstChunkMs,
  input_tokens: 1200,
  output_tokens: 90,
  cached_input_tokens: 1000,
  reasoning_tokens: 0,
  cost_usd: 0.0012,
  judge_cost_usd: 0.0003,
  judge_input_tokens: 500,
  judge_output_tokens: 20,
  attempts: 1,
  retries: 0,
  cache_hit: false,
  trace_id: result.traceId,
  span_id: result.spanId,
  started_at: '2025-06-15 15:06:40.000',
  version: index + 1,
}));
let missing = 0;
async function emptyTable() {
  await clickhouse.client.command({ query: 'TRUNCATE TABLE bench.sextant_eval_results' });
}
async function checkStored(runId, expected) {
  const [{ stored }] = await queryRows(
    clickhouse,
    'SELECT count() AS stored FROM bench.sextant_eval_results FINAL WHERE run_id = {runId:String}',
    { runId },
  );
  if (Number(stored) !== expected) {
    missing += 1;
    console.error(`run ${runId}: stored ${String(stored)}, expected ${String(expected)}`);
  }
}

await emptyTable();
let cpu = cpuNow();
let started = performance.now();
for (let offset = 0; offset < ROWS; offset += BATCH) {
  await clickhouse.client.insert({
    table: 'bench.sextant_eval_results',
    values: baselineRows.slice(offset, offset + BATCH),
    format: 'JSONEachRow',
  });
}
const baselineRun = { ms: performance.now() - started, cpu: cpuSince(cpu) };
// Not needed any more: a smaller heap makes each full GC during the store's runs cheaper, as it is
// in a real eval process (which never holds 200,000 results at once).
baselineRows = undefined;

// The store: callers hand over 1,000 results at a time, all at once; the store batches them.
// BENCH_BEFORE=<an earlier build's dist/index.js> alternates that build's store with this one.
const before = process.env.BENCH_BEFORE ? await import(process.env.BENCH_BEFORE) : undefined;
async function timeStore(Store, runId) {
  await emptyTable();
  const results = storeResults;
  const store = new Store({ clickhouse, batchSize: BATCH, flushIntervalMs: 50 });
  const begunCpu = cpuNow();
  const begun = performance.now();
  const writes = [];
  for (let offset = 0; offset < ROWS; offset += CALLER_CHUNK) {
    writes.push(store.writeResults(results.slice(offset, offset + CALLER_CHUNK)));
  }
  await Promise.all(writes);
  const run = { ms: performance.now() - begun, cpu: cpuSince(begunCpu) };
  await store.close();
  await checkStored(runId, ROWS);
  return run;
}
const beforeRuns = [];
const afterRuns = [];
for (let round = 0; round < 2; round += 1) {
  if (before) {
    beforeRuns.push(await timeStore(before.ClickHouseResultStore, 'store-run'));
  }
  afterRuns.push(await timeStore(ClickHouseResultStore, 'store-run'));
}

// JS alone: the store's encoder on the same results, in the same batches.
const encodeResults = storeResults;
const encoder = new EvalResultBlockEncoder(BATCH);
let version = 0;
// The store writes the parts with writev; the timed pass only sums them (see exporter.bench.mjs).
const blocks = [];
const encodeAll = (keep) => {
  let bytes = 0;
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    encoder.reset();
    encoder.addAll(encodeResults.slice(offset, offset + BATCH), () => (version += 1));
    const parts = encoder.finish();
    for (const part of parts) bytes += part.length;
    if (keep) blocks.push(Buffer.concat(parts));
  }
  return bytes;
};
encodeAll(false); // warm-up
cpu = cpuNow();
started = performance.now();
const blockBytes = encodeAll(false);
const encodeRun = { ms: performance.now() - started, cpu: cpuSince(cpu) };
encodeAll(true);

// Engine alone: the same blocks, already in files, into the table and into a Null table.
await clickhouse.client.command({
  query: 'CREATE TABLE bench.results_null AS bench.sextant_eval_results ENGINE = Null',
});
async function insertBlocks(table) {
  const paths = [];
  for (const block of blocks) paths.push(await writeNativeBlockFile([block]));
  const begunCpu = cpuNow();
  const begun = performance.now();
  for (const path of paths) {
    // The store's own INSERT settings.
    await insertNativeBlockFile(clickhouse, {
      table,
      columns: RESULT_NATIVE_COLUMNS,
      path,
      settings: { optimize_on_insert: 0 },
    });
  }
  return { ms: performance.now() - begun, cpu: cpuSince(begunCpu) };
}
await emptyTable();
const engineRun = await insertBlocks('bench.sextant_eval_results');
await checkStored('store-run', ROWS);
const nullRun = await insertBlocks('bench.results_null');

// Resume and streaming reads on a 100,000-result run.
const resumeStore = new ClickHouseResultStore({ clickhouse, batchSize: 100_000 });
await resumeStore.writeResults(makeResults('resume-run', 100_000));
let keyCount = 0;
const completedKeysMs = await medianMs(async () => {
  keyCount = (await resumeStore.completedKeys('resume-run')).length;
});
let streamed = 0;
const readResultsMs = await medianMs(
  async () => {
    streamed = 0;
    for await (const result of resumeStore.readResults('resume-run'))
      streamed += result.runId === 'resume-run' ? 1 : 0;
  },
  { runs: 3 },
);
await resumeStore.close();
await bench.dispose();

const rate = (count, ms) => format((count / ms) * 1000);
const perRow = (ms) => format((ms * 1000) / ROWS, 1);
const runRow = (label, run) => [
  label,
  format(ROWS),
  format(run.ms),
  rate(ROWS, run.ms),
  (baselineRun.ms / run.ms).toFixed(2),
  format(run.cpu.process),
  perRow(run.cpu.process),
  perRow(run.cpu.main),
  perRow(run.cpu.process - run.cpu.main),
];
const readRow = (label, count, ms, versus = '—') => [
  label,
  format(count),
  format(ms),
  rate(count, ms),
  versus,
  '',
  '',
  '',
  '',
];
console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
console.log(
  `${format(ROWS)} results (34 columns, ~220-byte output, 2 scorers); INSERT batches of ${format(BATCH)}\n`,
);
console.log(
  table(
    [
      'operation',
      'rows',
      'wall ms',
      'rows/s',
      'vs baseline',
      'process CPU ms',
      'CPU µs/row',
      'main thread µs/row',
      'other threads µs/row',
    ],
    [
      ...beforeRuns.map((run, index) =>
        runRow(`before, run ${String(index + 1)}: writeResults`, run),
      ),
      ...afterRuns.map((run, index) =>
        runRow(`after, run ${String(index + 1)}: writeResults (1,000 per call, concurrent)`, run),
      ),
      runRow('baseline: client.insert(objects, JSONEachRow)', baselineRun),
      runRow('engine alone: pre-encoded Native blocks → sextant_eval_results', engineRun),
      runRow('engine alone: pre-encoded Native blocks → Null table (read + cast only)', nullRun),
      runRow(
        `JS alone: results → Native blocks (${format(blockBytes / ROWS)} bytes/row)`,
        encodeRun,
      ),
      readRow('completedKeys (median of 5)', keyCount, completedKeysMs),
      readRow(
        'readResults, 10,000-row keyset pages, LIMIT 1 BY (median of 3)',
        streamed,
        readResultsMs,
      ),
    ],
  ),
);
console.log('\nTarget ≥ 200,000 rows/s through the ResultStore.');
if (missing > 0 || keyCount !== 100_000 || streamed !== 100_000) process.exitCode = 1;
