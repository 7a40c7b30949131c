// Spans/s through ClickHouseSpanExporter behind a BatchSpanProcessor, on the embedded engine.
// Spans are recorded first (a real tracer provider), then handed to the processor as the SDK does
// on span end, and the clock runs until forceFlush resolves, so the figure is the export path
// (processor + encoding + INSERT + the two materialized views). Every measured run starts from
// empty tables (TRUNCATE), so earlier runs' background merges do not land on later ones.
// CPU is split by thread from /proc: the main (JS) thread, and every other thread of the process
// (chDB runs each query on a libuv worker, plus its own background pools; V8's GC helpers too).
// Same-run rows: a long-lived exporter reused across runs (as a host keeps one), two INSERTs in flight, skip indexes left to merges (materializeSkipIndexesOnInsert
// false), the SDK's default batch size, the engine alone on pre-encoded blocks (with and without
// skip indexes), and the JS encoding alone. BENCH_BEFORE=<an earlier build's dist/index.js> alternates that build's
// exporter with this one (before, after, before, after).
// First, and alone with BENCH_SECTIONS=produced: spans produced as a service produces them
// (produced-spans.mjs), with the README's processor settings, with and without
// materializeSkipIndexesOnInsert, before anything holds spans. CPU by thread: main, chDB's
// engine threads, V8's GC helpers, libuv's pool and the rest (bench-support.mjs).
// Target (issue 4): ≥ 100,000 spans/s.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ClickHouseSpanExporter, toOtelTraceValues } from '@sextant/clickhouse';
// Internal modules of the build, for the JS-only and engine-only rows.
import { OtelTraceBlockEncoder } from '../../packages/clickhouse/dist/otel-trace-block.js';
import { OTEL_TRACE_INSERT_COLUMNS } from '../../packages/clickhouse/dist/otel-trace-row.js';
import {
  cpuNow,
  cpuSince,
  findGcHelperThreads,
  insertBlocksTimed,
  loadAverage,
  format,
  machine,
  makeSpans,
  openBenchClickHouse,
  queryRows,
  recordSpans,
  table,
  rate,
  threadCpuCells as cpuCells,
  THREAD_CPU_HEADERS as CPU_HEADERS,
  threadCpuNow,
  threadCpuSince,
} from './bench-support.mjs';
import { producedSection } from './exporter-produced-section.mjs';

const SPANS = Number(process.env.BENCH_SPANS ?? 200_000);
// The batch size a user would configure for throughput (README); the SDK default is 512.
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const PROCESSOR = { maxQueueSize: SPANS, maxExportBatchSize: BATCH, scheduledDelayMillis: 20 };
const DEFAULT_BATCH_SPANS = Math.min(SPANS, 50_000);
const SECTIONS = process.env.BENCH_SECTIONS ?? 'all';
const PRODUCED_ROUNDS = Number(process.env.BENCH_PRODUCED_ROUNDS ?? 3);
const PER_TICK = Number(process.env.BENCH_SPANS_PER_TICK ?? 500);
const loadBefore = loadAverage();
const gcHelpers = findGcHelperThreads();
const before = process.env.BENCH_BEFORE ? await import(process.env.BENCH_BEFORE) : undefined;

/** Export path only: recorded spans → BatchSpanProcessor → exporter, until flushed. */
async function exportRecorded(exporter, spans, processorOptions = PROCESSOR) {
  const processor = new BatchSpanProcessor(exporter, processorOptions);
  const cpu = threadCpuNow();
  const started = performance.now();
  for (const span of spans) processor.onEnd(span);
  await processor.forceFlush();
  // The processor's forceFlush does not wait for an export its size trigger started (all of them
  // when the spans fit in one batch); the exporter's does.
  await exporter.forceFlush?.();
  const ms = performance.now() - started;
  const used = threadCpuSince(cpu, gcHelpers);
  await processor.shutdown();
  return { ms, cpu: used };
}

/** End to end: create spans with a tracer whose processor exports them. */
async function createAndExport(exporter, count) {
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter, PROCESSOR)],
  });
  const cpu = threadCpuNow();
  const started = performance.now();
  makeSpans(provider.getTracer('bench'), count);
  await provider.forceFlush();
  const ms = performance.now() - started;
  const used = threadCpuSince(cpu, gcHelpers);
  await provider.shutdown();
  return { ms, cpu: used };
}

function acceptAll() {
  return {
    exported: 0,
    export(spans, done) {
      this.exported += spans.length;
      done({ code: 0 });
    },
    shutdown: async () => undefined,
  };
}

const runRow = (label, run, count = SPANS) => [
  label,
  format(count),
  format(run.ms),
  rate(count, run.ms),
  ...cpuCells(run.cpu, count),
];

if (SECTIONS === 'all' || SECTIONS === 'produced') {
  await producedSection({
    count: SPANS,
    perTick: PER_TICK,
    rounds: PRODUCED_ROUNDS,
    gcHelpers,
    loadBefore,
    Exporter: ClickHouseSpanExporter,
    BeforeExporter: before?.ClickHouseSpanExporter,
  });
}
if (SECTIONS === 'produced') process.exit(process.exitCode ?? 0);

console.log(
  `\n### Held spans: all ${format(SPANS)} recorded first, then handed to the processor\n`,
);
const spans = recordSpans(SPANS);
await exportRecorded(acceptAll(), spans); // warm the JIT on the same path
const baseline = acceptAll();
const { ms: baselineMs } = await exportRecorded(baseline, spans);
const endToEndBaseline = acceptAll();
const endToEndBaselineRun = await createAndExport(endToEndBaseline, SPANS);

// JS alone first, before the engine exists (no background merges on other threads).
// JS alone: spans → Native block parts, the exporter's encoder, same batches.
const encoder = new OtelTraceBlockEncoder(BATCH);
// The exporter writes the parts with writev; the timed pass only sums them (a concatenation
// would allocate 40 MB per batch, and V8 answers that external memory with full GCs).
const encodeOnce = (keep) => {
  let bytes = 0;
  for (let offset = 0; offset < spans.length; offset += BATCH) {
    encoder.reset();
    for (const span of spans.slice(offset, offset + BATCH)) encoder.add(span);
    const parts = encoder.finish();
    for (const part of parts) bytes += part.length;
    if (keep) blocks.push(Buffer.concat(parts));
  }
  return bytes;
};
const blocks = [];
encodeOnce(false); // warm-up
let cpu = cpuNow();
let started = performance.now();
const blockBytes = encodeOnce(false);
const encodeMs = performance.now() - started;
const encodeCpu = cpuSince(cpu);
encodeOnce(true);
// JS alone: the server path's row values.
started = performance.now();
for (const span of spans) toOtelTraceValues(span);
const rowsMs = performance.now() - started;

const bench = await openBenchClickHouse('exporter');
const { clickhouse } = bench;
let missing = 0;
const TABLES = ['otel_traces', 'otel_traces_trace_id_ts', 'sextant_gen_ai_traffic_1m'];
async function emptyTables() {
  for (const name of TABLES)
    await clickhouse.client.command({ query: `TRUNCATE TABLE bench.${name}` });
}
async function checkStored(expected) {
  const [{ stored }] = await queryRows(
    clickhouse,
    'SELECT count() AS stored FROM bench.otel_traces',
  );
  const [{ rolled }] = await queryRows(
    clickhouse,
    'SELECT sum(calls) AS rolled FROM bench.sextant_gen_ai_traffic_1m',
  );
  if (Number(stored) !== expected || Number(rolled) !== expected) {
    missing += 1;
    console.error(
      `stored ${String(stored)}, rolled up ${String(rolled)}, expected ${String(expected)}`,
    );
  }
}
async function measure(Exporter, input = spans, processorOptions = PROCESSOR, options = {}) {
  await emptyTables();
  const run = await exportRecorded(
    new Exporter({ clickhouse, timeoutMs: 300_000, ...options }),
    input,
    processorOptions,
  );
  await checkStored(input.length);
  return run;
}

/**
 * A long-lived host's exporter: made once and warmed with one full batch before the clock, then
 * reused by each run's processor. A new exporter per run (as above) allocates its ~47 MB encoder
 * during the run, and V8 answers that much new external memory with a full collection of the
 * bench's 300 MB of recorded spans.
 */
async function warmExporter(Exporter) {
  const exporter = new Exporter({ clickhouse, timeoutMs: 300_000 });
  await exportRecorded(asLongLived(exporter), spans.slice(0, BATCH));
  // The processor's forceFlush does not wait for an export its size trigger started; this does.
  await exporter.forceFlush();
  return exporter;
}
/** The processor's shutdown must not shut the reused exporter down. */
function asLongLived(exporter) {
  return {
    export: (batch, done) => exporter.export(batch, done),
    forceFlush: () => exporter.forceFlush(),
    shutdown: async () => undefined,
  };
}
async function measureWarm(exporter) {
  await emptyTables();
  const run = await exportRecorded(asLongLived(exporter), spans);
  await exporter.forceFlush();
  await checkStored(spans.length);
  return run;
}

const warmBefore = before ? await warmExporter(before.ClickHouseSpanExporter) : undefined;
const warmAfter = await warmExporter(ClickHouseSpanExporter);
const beforeWarmRuns = [];
const afterWarmRuns = [];
const beforeRuns = [];
const afterRuns = [];
// The default keeps one INSERT in flight (each holds one of libuv's 4 threads, which the host's
// fs and dns.lookup share); two let the processor's flush use both cores.
const twoInsertRuns = [];
// Skip indexes built by merges instead of in each INSERT (an option; ClickHouse's default is on).
const deferredIndexRuns = [];
for (let round = 0; round < 2; round += 1) {
  if (before) beforeRuns.push(await measure(before.ClickHouseSpanExporter));
  afterRuns.push(await measure(ClickHouseSpanExporter));
  twoInsertRuns.push(
    await measure(ClickHouseSpanExporter, spans, PROCESSOR, { maxInsertsInFlight: 2 }),
  );
  deferredIndexRuns.push(
    await measure(ClickHouseSpanExporter, spans, PROCESSOR, {
      materializeSkipIndexesOnInsert: false,
    }),
  );
  if (warmBefore) beforeWarmRuns.push(await measureWarm(warmBefore));
  afterWarmRuns.push(await measureWarm(warmAfter));
}
await warmBefore?.shutdown();
await warmAfter.shutdown();
// End to end: a host creating spans while the processor exports full batches one at a time.
await emptyTables();
const endToEndRun = await createAndExport(
  new ClickHouseSpanExporter({ clickhouse, timeoutMs: 300_000 }),
  SPANS,
);
await checkStored(SPANS);
// The SDK's defaults (maxExportBatchSize 512), on fewer spans: one INSERT per 512 spans.
const defaultInput = spans.slice(0, DEFAULT_BATCH_SPANS);
const defaultOptions = { maxQueueSize: DEFAULT_BATCH_SPANS, maxExportBatchSize: 512 };
const defaultRun = await measure(ClickHouseSpanExporter, defaultInput, defaultOptions);
const beforeDefaultRun = before
  ? await measure(before.ClickHouseSpanExporter, defaultInput, defaultOptions)
  : undefined;

// Engine alone: the same blocks, already in files, inserted one after another.
async function engineAlone(settings) {
  await emptyTables();
  const run = await insertBlocksTimed(clickhouse, {
    blocks,
    table: 'bench.otel_traces',
    columns: OTEL_TRACE_INSERT_COLUMNS,
    settings,
  });
  await checkStored(SPANS);
  return run;
}
const engineRun = await engineAlone({});
const deferredIndexEngineRun = await engineAlone({ materialize_skip_indexes_on_insert: 0 });
await bench.dispose();

console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
console.log(
  `${format(SPANS)} spans (12 attributes, 1 event); BatchSpanProcessor ${JSON.stringify(PROCESSOR)}\n`,
);
console.log(
  table(
    ['pipeline', 'spans', 'wall ms', 'spans/s', ...CPU_HEADERS],
    [
      ...beforeRuns.map((run, index) =>
        runRow(`before, run ${String(index + 1)}: BatchSpanProcessor → exporter → chDB`, run),
      ),
      ...afterRuns.map((run, index) =>
        runRow(`after, run ${String(index + 1)}: BatchSpanProcessor → exporter → chDB`, run),
      ),
      ...beforeWarmRuns.map((run, index) =>
        runRow(`before, long-lived exporter (warmed once), run ${String(index + 1)}`, run),
      ),
      ...afterWarmRuns.map((run, index) =>
        runRow(`after, long-lived exporter (warmed once), run ${String(index + 1)}`, run),
      ),
      ...twoInsertRuns.map((run, index) =>
        runRow(`after, maxInsertsInFlight 2, run ${String(index + 1)}`, run),
      ),
      ...(beforeDefaultRun === undefined
        ? []
        : [runRow('before, SDK default batch (512)', beforeDefaultRun, DEFAULT_BATCH_SPANS)]),
      runRow('after, SDK default batch (512)', defaultRun, DEFAULT_BATCH_SPANS),
      ...deferredIndexRuns.map((run, index) =>
        runRow(`after, materializeSkipIndexesOnInsert false, run ${String(index + 1)}`, run),
      ),
      runRow('engine alone: pre-encoded blocks → otel_traces + views', engineRun),
      runRow('engine alone, skip indexes left to merges', deferredIndexEngineRun),
      runRow(`JS alone: spans → Native blocks (${format(blockBytes / SPANS)} bytes/span)`, {
        ms: encodeMs,
        cpu: encodeCpu,
      }),
      [
        'JS alone: spans → row values (server path)',
        format(SPANS),
        format(rowsMs),
        rate(SPANS, rowsMs),
        '',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        'export path baseline: BatchSpanProcessor → accept-all exporter',
        format(baseline.exported),
        format(baselineMs),
        rate(baseline.exported, baselineMs),
        '',
        '',
        '',
        '',
        '',
        '',
      ],
      runRow('end to end: create spans + BatchSpanProcessor → exporter → chDB', endToEndRun),
      runRow('end to end baseline: create spans + accept-all exporter', endToEndBaselineRun),
    ],
  ),
);
console.log(
  `\nEvery run's spans were all stored and rolled up: ${missing === 0 ? 'yes' : 'NO'}. Target ≥ 100,000 spans/s.`,
);
if (missing > 0) process.exitCode = 1;
