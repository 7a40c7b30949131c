// Eval result rows/s through ClickHouseResultStore on the embedded engine, against a baseline in
// the same run: the same rows inserted with @clickhouse/client's own `insert` of objects
// (JSONEachRow), in batches of the same size. Also the resume read (`completedKeys`) and the
// streaming read (`readResults`) of a 100,000-result run.
// Target (issue 4): ≥ 200,000 rows/s; completedKeys fast for 100k keys.
import { performance } from 'node:perf_hooks';
import { ClickHouseResultStore } from '@sextant/clickhouse';
import {
  format,
  loadAverage,
  machine,
  medianMs,
  openBenchClickHouse,
  queryRows,
  table,
} from './bench-support.mjs';

const ROWS = Number(process.env.BENCH_RESULTS ?? 200_000);
const BATCH = 20_000;
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

// Baseline: the client's object insert of equivalent rows, same batch size.
const baselineRows = makeResults('baseline-run', ROWS).map((result, index) => ({
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
let started = performance.now();
for (let offset = 0; offset < ROWS; offset += BATCH) {
  await clickhouse.client.insert({
    table: 'bench.sextant_eval_results',
    values: baselineRows.slice(offset, offset + BATCH),
    format: 'JSONEachRow',
  });
}
const baselineMs = performance.now() - started;

// The store: callers hand over 1,000 results at a time, all at once; the store batches them.
// BENCH_BEFORE=<an earlier build's dist/index.js> alternates that build's store with this one.
const before = process.env.BENCH_BEFORE ? await import(process.env.BENCH_BEFORE) : undefined;
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
async function timeStore(Store, runId) {
  const results = makeResults(runId, ROWS);
  const store = new Store({ clickhouse, batchSize: BATCH, flushIntervalMs: 50 });
  const cpu = process.cpuUsage();
  const begun = performance.now();
  const writes = [];
  for (let offset = 0; offset < ROWS; offset += CALLER_CHUNK) {
    writes.push(store.writeResults(results.slice(offset, offset + CALLER_CHUNK)));
  }
  await Promise.all(writes);
  const ms = performance.now() - begun;
  const cpuUsed = cpuMs(cpu);
  await store.close();
  return { ms, cpu: cpuUsed };
}
const beforeRuns = [];
const afterRuns = [];
for (let round = 0; round < (before ? 2 : 1); round += 1) {
  if (before)
    beforeRuns.push(await timeStore(before.ClickHouseResultStore, `before-run-${String(round)}`));
  afterRuns.push(
    await timeStore(
      ClickHouseResultStore,
      round === 0 ? 'store-run' : `store-run-${String(round)}`,
    ),
  );
}
const storeMs = Math.min(...afterRuns.map((run) => run.ms));

// Engine floor: the baseline's rows into a Null-engine table of the same structure (parsing only).
await clickhouse.client.command({
  query: 'CREATE TABLE bench.results_null AS bench.sextant_eval_results ENGINE = Null',
});
started = performance.now();
for (let offset = 0; offset < ROWS; offset += BATCH) {
  await clickhouse.client.insert({
    table: 'bench.results_null',
    values: baselineRows.slice(offset, offset + BATCH),
    format: 'JSONEachRow',
  });
}
const floorMs = performance.now() - started;
const [{ stored }] = await queryRows(
  clickhouse,
  "SELECT count() AS stored FROM bench.sextant_eval_results FINAL WHERE run_id = 'store-run'",
);

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
let beforeStreamed = 0;
const beforeReadResultsMs = before
  ? await medianMs(
      async () => {
        beforeStreamed = 0;
        const beforeStore = new before.ClickHouseResultStore({ clickhouse });
        for await (const result of beforeStore.readResults('resume-run'))
          beforeStreamed += result.runId === 'resume-run' ? 1 : 0;
      },
      { runs: 3 },
    )
  : undefined;
await resumeStore.close();
await bench.dispose();

const rate = (count, ms) => format((count / ms) * 1000);
console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
console.log(
  `${format(ROWS)} results (34 columns, ~220-byte output, 2 scorers); INSERT batches of ${format(BATCH)}\n`,
);
console.log(
  table(
    ['operation', 'rows', 'wall ms', 'rows/s', 'vs baseline', 'process CPU ms'],
    [
      ...beforeRuns.map((run, index) => [
        `before (JSON text inline), run ${String(index + 1)}: writeResults`,
        format(ROWS),
        format(run.ms),
        rate(ROWS, run.ms),
        (baselineMs / run.ms).toFixed(2),
        format(run.cpu),
      ]),
      ...afterRuns.map((run, index) => [
        `after (Native block via file()), run ${String(index + 1)}: writeResults`,
        format(ROWS),
        format(run.ms),
        rate(ROWS, run.ms),
        (baselineMs / run.ms).toFixed(2),
        format(run.cpu),
      ]),
      [
        'baseline: client.insert(objects, JSONEachRow)',
        format(ROWS),
        format(baselineMs),
        rate(ROWS, baselineMs),
        '1.00',
        '',
      ],
      [
        'ClickHouseResultStore.writeResults (best after run; 1,000 per call, concurrent)',
        format(Number(stored)),
        format(storeMs),
        rate(Number(stored), storeMs),
        (baselineMs / storeMs).toFixed(2),
        '',
      ],
      [
        'engine parse floor: baseline rows into a Null-engine table',
        format(ROWS),
        format(floorMs),
        rate(ROWS, floorMs),
        (baselineMs / floorMs).toFixed(2),
        '',
      ],
      [
        'completedKeys (median of 5)',
        format(keyCount),
        format(completedKeysMs, 1),
        rate(keyCount, completedKeysMs),
        '—',
        '',
      ],
      [
        'readResults, 10,000-row keyset pages, LIMIT 1 BY (median of 3)',
        format(streamed),
        format(readResultsMs),
        rate(streamed, readResultsMs),
        '—',
        '',
      ],
      ...(beforeReadResultsMs === undefined
        ? []
        : [
            [
              'before: readResults, 10,000-row keyset pages, FINAL per page (median of 3)',
              format(beforeStreamed),
              format(beforeReadResultsMs),
              rate(beforeStreamed, beforeReadResultsMs),
              (beforeReadResultsMs / readResultsMs).toFixed(1) + '× slower',
              '',
            ],
          ]),
    ],
  ),
);
console.log('\nTarget ≥ 200,000 rows/s through the ResultStore.');
if (Number(stored) !== ROWS || keyCount !== 100_000 || streamed !== 100_000) process.exitCode = 1;
if (before && beforeStreamed !== 100_000) process.exitCode = 1;
