// Report queries on the embedded engine at scale: the traffic summary over 10,000,000 spans and
// the run summary over a 1,000,000-result run (plus 100,000 re-sent duplicates that FINAL must
// collapse). Data is generated inside the engine with INSERT … SELECT FROM numbers(), through the
// real tables and materialized views. Baselines in the same run: the same traffic figures computed
// straight from otel_traces' Map columns (what a query without the rollup costs), and the run
// summary without FINAL (fast but wrong under duplicates).
// Target (issue 4): < 300 ms each.
import { performance } from 'node:perf_hooks';
import { queryRunSummary, queryTrafficSummary } from '@sextant/clickhouse';
import {
  lastBestMs,
  format,
  loadAverage,
  machine,
  medianMs,
  openBenchClickHouse,
  queryRows,
  table,
} from './bench-support.mjs';

const SPANS = Number(process.env.BENCH_SPANS ?? 10_000_000);
const RESULTS = Number(process.env.BENCH_RESULTS ?? 1_000_000);
const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-11-01T00:00:00Z');

const loadBefore = loadAverage();
const bench = await openBenchClickHouse('queries');
const { clickhouse } = bench;
const command = (query) => clickhouse.client.command({ query });

// 10M LLM spans over 24 h: 3 services × 4 models, 2 % errors, half streamed, priced.
let started = performance.now();
await command(`INSERT INTO bench.otel_traces
  (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName,
   SpanAttributes, Duration, StatusCode)
  SELECT
    fromUnixTimestamp64Milli(toInt64(${START_MS} + intDiv(number * ${DAY_MS}, ${SPANS}))) AS Timestamp,
    lower(hex(cityHash64(number, 1))) || lower(hex(cityHash64(number, 2))),
    lower(hex(cityHash64(number, 3))),
    'chat ' || model,
    'Client',
    service,
    map('service.name', service, 'telemetry.sdk.language', 'nodejs'),
    '@sextant/instrumentation',
    map('gen_ai.operation.name', 'chat', 'gen_ai.provider.name', 'openai', 'gen_ai.request.model', model,
        'gen_ai.response.model', model || '-2025-01-01', 'gen_ai.usage.input_tokens', toString(number % 2000),
        'gen_ai.usage.output_tokens', toString(number % 500),
        'gen_ai.usage.cache_read.input_tokens', toString(number % 100),
        'sextant.cost.usd', toString((number % 100) / 10000), 'sextant.retry.count', toString(number % 10 = 0),
        'gen_ai.response.time_to_first_chunk', if(number % 2 = 0, toString((number % 1000) / 1000), ''),
        'server.address', 'api.openai.com'),
    (number * 7919) % 5000000000,
    if(number % 50 = 0, 'Error', 'Unset')
  FROM (SELECT number, ['checkout', 'search', 'support'][number % 3 + 1] AS service,
          ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'o3'][intDiv(number, 3) % 4 + 1] AS model
        FROM numbers(${SPANS}))`);
const spansLoadMs = performance.now() - started;

// 1M results in one run (4 prompts × 5 targets × 50,000 cases) and 100,000 re-sent duplicates.
const resultsSelect = (count, version) => `SELECT
    'bench-run', 'prompt-' || toString(number % 4), 'target-' || toString(intDiv(number, 4) % 5),
    'case-' || toString(intDiv(number, 20)), 0, 'support-bot', 'gpt-4o', 'openai',
    if(number % 97 = 0, 'error', 'ok'), NULL, NULL, 'answer ' || toString(number), 'stop',
    '[]', map('exact', toFloat64(number % 4 != 0)), (number % 100) / 100, number % 4 != 0,
    300 + (number * 7919) % 3000, if(number % 2 = 0, 50 + (number % 400), NULL),
    1200, 90, 1000, 0, if(number % 1000 = 0, NULL, 0.0012), 0.0003, 500, 20, 1, number % 10 = 0,
    false, '', '', now64(3), ${version}
  FROM numbers(${count})`;
started = performance.now();
await command(`INSERT INTO bench.sextant_eval_results ${resultsSelect(RESULTS, 1)}`);
await command(`INSERT INTO bench.sextant_eval_results ${resultsSelect(RESULTS / 10, 2)}`);
const resultsLoadMs = performance.now() - started;

const [{ spans, rolled, rollupRows }] = await queryRows(
  clickhouse,
  `SELECT
  (SELECT count() FROM bench.otel_traces) AS spans,
  (SELECT sum(calls) FROM bench.sextant_gen_ai_traffic_1m) AS rolled,
  (SELECT count() FROM bench.sextant_gen_ai_traffic_1m) AS rollupRows`,
);

const day = { since: new Date(START_MS), until: new Date(START_MS + DAY_MS) };
const hour = {
  since: new Date(START_MS + 12 * 3_600_000),
  until: new Date(START_MS + 13 * 3_600_000),
};
let trafficRows = [];
const trafficDayMs = await medianMs(async () => {
  trafficRows = await queryTrafficSummary(clickhouse, day);
});
const trafficDayMsBest = lastBestMs;
const trafficHourMs = await medianMs(() => queryTrafficSummary(clickhouse, hour));
const trafficHourMsBest = lastBestMs;
const rawTrafficMs = await medianMs(
  () =>
    queryRows(
      clickhouse,
      `SELECT ServiceName, SpanAttributes['gen_ai.provider.name'] AS provider,
        SpanAttributes['gen_ai.request.model'] AS model, count() AS calls,
        countIf(StatusCode IN ('Error', 'STATUS_CODE_ERROR')) AS errors,
        quantilesDD(0.01, 0.5, 0.95, 0.99)(Duration / 1e6) AS latency,
        quantilesDD(0.01, 0.5, 0.95, 0.99)(toFloat64OrNull(SpanAttributes['gen_ai.response.time_to_first_chunk']) * 1000) AS ttft,
        sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])) AS input_tokens,
        sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens'])) AS output_tokens,
        sum(toFloat64OrZero(SpanAttributes['sextant.cost.usd'])) AS cost,
        sum(toUInt64OrZero(SpanAttributes['sextant.retry.count'])) AS retries
      FROM bench.otel_traces
      WHERE Timestamp >= {since:DateTime64(3)} AND Timestamp < {until:DateTime64(3)}
        AND SpanAttributes['gen_ai.operation.name'] != ''
      GROUP BY ServiceName, provider, model`,
      { since: '2026-11-01 00:00:00', until: '2026-11-02 00:00:00' },
    ),
  { runs: 3 },
);
const rawTrafficMsBest = lastBestMs;
let summaryRows = [];
const runSummaryMs = await medianMs(async () => {
  summaryRows = await queryRunSummary(clickhouse, { runId: 'bench-run' });
});
const runSummaryMsBest = lastBestMs;
// Steady state: background merges collapse the duplicates into one part; force that here.
await command('OPTIMIZE TABLE bench.sextant_eval_results FINAL');
const mergedRunSummaryMs = await medianMs(() =>
  queryRunSummary(clickhouse, { runId: 'bench-run' }),
);
const mergedRunSummaryMsBest = lastBestMs;
// The same aggregation as queryRunSummary, without FINAL: what deduplication costs.
const noFinalMs = await medianMs(() =>
  queryRows(
    clickhouse,
    `SELECT run_id, prompt_id, target_id, any(model), any(provider), count() AS cases,
      countIf(passed) AS passes, countIf(status = 'error'), avg(score),
      quantilesExactInclusive(0.5, 0.95)(latency_ms), quantilesExactInclusive(0.5, 0.95)(time_to_first_chunk_ms),
      count(time_to_first_chunk_ms), sum(input_tokens), sum(output_tokens), sum(cached_input_tokens),
      sum(reasoning_tokens), sum(cost_usd) AS cost, countIf(cost_usd IS NULL) AS unpriced,
      sum(judge_cost_usd), sum(retries), if(passes = 0 OR unpriced > 0, NULL, cost / passes)
    FROM bench.sextant_eval_results WHERE run_id = 'bench-run' GROUP BY run_id, prompt_id, target_id`,
  ),
);
const noFinalMsBest = lastBestMs;
await bench.dispose();

const calls = trafficRows.reduce((total, row) => total + row.calls, 0);
const cases = summaryRows.reduce((total, row) => total + row.cases, 0);
console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
console.log(
  `Loaded ${format(Number(spans))} spans in ${format(spansLoadMs / 1000, 1)} s (rollup: ${format(Number(rollupRows))} rows covering ${format(Number(rolled))} calls); ${format(RESULTS * 1.1)} result rows in ${format(resultsLoadMs / 1000, 1)} s.\n`,
);
const row = (label, covers, median, best, baseline) => [
  label,
  covers,
  format(median),
  format(best),
  baseline === undefined ? '1.00' : `${(baseline / median).toFixed(2)}×`,
];
console.log(
  table(
    ['query', 'covers', 'median ms (5 runs)', 'best ms', 'speed vs baseline'],
    [
      row(
        'baseline: traffic figures straight from otel_traces Map columns, 24 h',
        `${format(Number(spans))} spans`,
        rawTrafficMs,
        rawTrafficMsBest,
      ),
      row(
        'queryTrafficSummary, 24 h (per-minute rollup)',
        `${format(calls)} calls, ${trafficRows.length} groups`,
        trafficDayMs,
        trafficDayMsBest,
        rawTrafficMs,
      ),
      row(
        'queryTrafficSummary, 1 h (per-minute rollup)',
        '1 h of the same',
        trafficHourMs,
        trafficHourMsBest,
        rawTrafficMs,
      ),
      row(
        'baseline: the same run summary SQL without FINAL, merged table',
        `${format(RESULTS)} rows`,
        noFinalMs,
        noFinalMsBest,
      ),
      row(
        'queryRunSummary (FINAL, exact percentiles), 3 unmerged parts',
        `${format(cases)} results, ${summaryRows.length} groups`,
        runSummaryMs,
        runSummaryMsBest,
        noFinalMs,
      ),
      row(
        'queryRunSummary after the parts merged (steady state)',
        `${format(cases)} results`,
        mergedRunSummaryMs,
        mergedRunSummaryMsBest,
        noFinalMs,
      ),
    ],
  ),
);
console.log('\nTarget < 300 ms each.');
if (calls !== SPANS || cases !== RESULTS) process.exitCode = 1;
