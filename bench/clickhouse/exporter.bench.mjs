// Spans/s through ClickHouseSpanExporter behind a BatchSpanProcessor, on the embedded engine.
// Spans are recorded first (a real tracer provider), then handed to the processor as the SDK does
// on span end, and the clock runs until forceFlush resolves, so the figure is the export path
// (processor + conversion + INSERT + the two materialized views). Baseline in the same run: the
// same processor with an exporter that accepts every batch at once. A second pair of rows
// includes span creation, to show what a host sees end to end.
// Target (issue 4): ≥ 100,000 spans/s.
import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Readable } from 'node:stream';
import { ClickHouseSpanExporter, OTEL_TRACE_COLUMNS, toOtelTraceValues } from '@sextant/clickhouse';
// Internal modules of the build, for the JS-side cost rows only.
import { encodeNativeBlock } from '../../packages/clickhouse/dist/native-block.js';
import { OTEL_TRACE_INSERT_COLUMNS } from '../../packages/clickhouse/dist/otel-trace-row.js';
import {
  loadAverage,
  format,
  machine,
  openBenchClickHouse,
  queryRows,
  table,
} from './bench-support.mjs';

const SPANS = Number(process.env.BENCH_SPANS ?? 200_000);
const PROCESSOR = { maxQueueSize: SPANS, maxExportBatchSize: 10_000, scheduledDelayMillis: 20 };
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'o3'];

function makeSpans(tracer, count) {
  for (let index = 0; index < count; index += 1) {
    const model = MODELS[index % MODELS.length];
    const span = tracer.startSpan(`chat ${model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': model,
        'gen_ai.response.model': `${model}-2025-01-01`,
        'gen_ai.response.id': `chatcmpl-${String(index)}`,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 1200 + (index % 500),
        'gen_ai.usage.output_tokens': 80 + (index % 300),
        'gen_ai.response.time_to_first_chunk': 0.2 + (index % 100) / 1000,
        'server.address': 'api.openai.com',
        'sextant.cost.usd': 0.0012,
        'sextant.retry.count': index % 10 === 0 ? 1 : 0,
      },
    });
    span.addEvent('sextant.http.attempt', { 'http.response.status_code': 200 });
    if (index % 50 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    span.end();
  }
}

function recordSpans(count) {
  const spans = [];
  const provider = new BasicTracerProvider({
    spanProcessors: [
      {
        onStart() {},
        onEnd: (span) => spans.push(span),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  });
  makeSpans(provider.getTracer('bench'), count);
  return spans;
}

/** Export path only: recorded spans → BatchSpanProcessor → exporter, until flushed. */
async function exportRecorded(exporter, spans) {
  const processor = new BatchSpanProcessor(exporter, PROCESSOR);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const span of spans) processor.onEnd(span);
  await processor.forceFlush();
  const elapsed = performance.now() - started;
  lastCpuMs = cpuMs(cpu);
  await processor.shutdown();
  return elapsed;
}

// Process CPU (user + system) covers the engine too: chDB runs in this process.
let lastCpuMs = 0;
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** End to end: create spans with a tracer whose processor exports them. */
async function createAndExport(exporter, count) {
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter, PROCESSOR)],
  });
  const started = performance.now();
  makeSpans(provider.getTracer('bench'), count);
  await provider.forceFlush();
  const elapsed = performance.now() - started;
  await provider.shutdown();
  return elapsed;
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

const loadBefore = loadAverage();
const spans = recordSpans(SPANS);
await exportRecorded(acceptAll(), spans); // warm the JIT on the same path
const baseline = acceptAll();
const baselineMs = await exportRecorded(baseline, spans);
const endToEndBaseline = acceptAll();
const endToEndBaselineMs = await createAndExport(endToEndBaseline, SPANS);

const bench = await openBenchClickHouse('exporter');
// Shutting a processor down shuts its exporter down, so each pipeline gets its own exporter.
const newExporter = () =>
  new ClickHouseSpanExporter({ clickhouse: bench.clickhouse, timeoutMs: 120_000 });
// BENCH_BEFORE=<path to an earlier build's dist/index.js> adds that build's exporter, alternated
// with the current one (before, after, before, after) so load drift hits both alike.
const before = process.env.BENCH_BEFORE ? await import(process.env.BENCH_BEFORE) : undefined;
const beforeRuns = [];
const afterRuns = [];
for (let round = 0; round < (before ? 2 : 1); round += 1) {
  if (before) {
    const ms = await exportRecorded(
      new before.ClickHouseSpanExporter({ clickhouse: bench.clickhouse, timeoutMs: 120_000 }),
      spans,
    );
    beforeRuns.push({ ms, cpu: lastCpuMs });
  }
  afterRuns.push({ ms: await exportRecorded(newExporter(), spans), cpu: lastCpuMs });
}
const best = (runs) => runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
const { ms: exporterMs, cpu: exporterCpuMs } = best(afterRuns);
const endToEndMs = await createAndExport(newExporter(), SPANS);
const [{ stored }] = await queryRows(
  bench.clickhouse,
  'SELECT count() AS stored FROM bench.otel_traces',
);
const [{ rolled }] = await queryRows(
  bench.clickhouse,
  'SELECT sum(calls) AS rolled FROM bench.sextant_gen_ai_traffic_1m',
);
// Engine floor: the same encoded rows into a Null-engine table of the same structure (parsing
// only: no sorting, compression, indexes, views), in the exporter's batch size.
await bench.clickhouse.client.command({
  query: 'CREATE TABLE bench.otel_traces_null AS bench.otel_traces ENGINE = Null',
});
const columns = OTEL_TRACE_COLUMNS.map((column) => `\`${column}\``).join(', ');
const bodies = [];
for (let offset = 0; offset < spans.length; offset += PROCESSOR.maxExportBatchSize) {
  let body = '';
  for (const span of spans.slice(offset, offset + PROCESSOR.maxExportBatchSize)) {
    body += `${JSON.stringify(toOtelTraceValues(span))}\n`;
  }
  bodies.push(body);
}
const floorStarted = performance.now();
for (const body of bodies) {
  const result = await bench.clickhouse.client.exec({
    query: `INSERT INTO bench.otel_traces_null (${columns}) FORMAT JSONCompactEachRow`,
    values: Readable.from([body]),
  });
  result.stream.resume();
}
const floorMs = performance.now() - floorStarted;
await bench.dispose();

const convertStarted = performance.now();
let bytes = 0;
for (const span of spans) bytes += JSON.stringify(toOtelTraceValues(span)).length;
const convertMs = performance.now() - convertStarted;
const rowsStarted = performance.now();
const allRows = spans.map(toOtelTraceValues);
const rowsMs = performance.now() - rowsStarted;
const nativeStarted = performance.now();
let nativeBytes = 0;
for (let offset = 0; offset < allRows.length; offset += PROCESSOR.maxExportBatchSize) {
  const block = encodeNativeBlock(
    OTEL_TRACE_INSERT_COLUMNS.map((column, index) => ({
      name: `c${String(index)}`,
      type: column.nativeType,
    })),
    allRows.slice(offset, offset + PROCESSOR.maxExportBatchSize),
  );
  nativeBytes += block.length;
}
const nativeMs = performance.now() - nativeStarted;

const rate = (count, ms) => format((count / ms) * 1000);
console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
console.log(
  `${format(SPANS)} spans (12 attributes, 1 event); BatchSpanProcessor ${JSON.stringify(PROCESSOR)}\n`,
);
console.log(
  table(
    ['pipeline', 'spans', 'wall ms', 'spans/s', 'vs its baseline', 'process CPU ms'],
    [
      ...beforeRuns.map((run, index) => [
        `before (JSON text inline), run ${String(index + 1)}: BatchSpanProcessor → ClickHouseSpanExporter → chDB`,
        format(SPANS),
        format(run.ms),
        rate(SPANS, run.ms),
        (baselineMs / run.ms).toFixed(3),
        format(run.cpu),
      ]),
      ...afterRuns.map((run, index) => [
        `after (Native block via file()), run ${String(index + 1)}: BatchSpanProcessor → ClickHouseSpanExporter → chDB`,
        format(SPANS),
        format(run.ms),
        rate(SPANS, run.ms),
        (baselineMs / run.ms).toFixed(3),
        format(run.cpu),
      ]),
      [
        'export path baseline: BatchSpanProcessor → accept-all exporter',
        format(baseline.exported),
        format(baselineMs),
        rate(baseline.exported, baselineMs),
        '1.00',
        '',
      ],
      [
        'export path (best after run): BatchSpanProcessor → ClickHouseSpanExporter → chDB',
        format(SPANS),
        format(exporterMs),
        rate(SPANS, exporterMs),
        (baselineMs / exporterMs).toFixed(3),
        format(exporterCpuMs),
      ],
      [
        'end to end baseline: create spans + accept-all exporter',
        format(endToEndBaseline.exported),
        format(endToEndBaselineMs),
        rate(endToEndBaseline.exported, endToEndBaselineMs),
        '1.00',
        '',
      ],
      [
        'end to end: create spans + ClickHouseSpanExporter → chDB',
        format(SPANS),
        format(endToEndMs),
        rate(SPANS, endToEndMs),
        (endToEndBaselineMs / endToEndMs).toFixed(3),
        '',
      ],
      [
        'engine parse floor: same JSON into a Null-engine table',
        format(SPANS),
        format(floorMs),
        rate(SPANS, floorMs),
        '—',
        '',
      ],
      [
        'JS only: span → row + JSON.stringify (the old encoding)',
        format(spans.length),
        format(convertMs),
        rate(spans.length, convertMs),
        '—',
        '',
      ],
      [
        'JS only: span → row values',
        format(spans.length),
        format(rowsMs),
        rate(spans.length, rowsMs),
        '—',
        '',
      ],
      [
        `JS only: row values → Native blocks (${format(nativeBytes / spans.length)} bytes/span)`,
        format(spans.length),
        format(nativeMs),
        rate(spans.length, nativeMs),
        '—',
        '',
      ],
    ],
  ),
);
console.log(
  `\nStored ${format(Number(stored))} rows (expected ${format((1 + beforeRuns.length + afterRuns.length) * SPANS)}); traffic rollup counted ${format(Number(rolled))} calls. Average row ${format(bytes / spans.length)} bytes of JSON. Target ≥ 100,000 spans/s.`,
);
const expected = (1 + beforeRuns.length + afterRuns.length) * SPANS;
if (Number(stored) !== expected || Number(rolled) !== expected) process.exitCode = 1;
