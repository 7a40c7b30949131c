// CPU and memory of exporting spans at a steady rate, as `sextant eval` does while it runs: GenAI-
// like spans made at RATE per second (default 3,000) for SECONDS (default 8) through a
// BatchSpanProcessor into ClickHouseSpanExporter on the embedded engine, with the SDK's default
// processor settings (512 spans per export, a 2,048-span queue, every 5 s) against the settings
// `sextant eval` uses (packages/cli/src/eval/start-telemetry.ts: up to 10,000 spans, a 20,000-span
// queue, every second). Each run is its own child process, so its peak RSS is its own; rounds
// alternate. The span-making baseline (an exporter that accepts and stores nothing) is in the
// same table: the difference is the export path's cost.
import { fork } from 'node:child_process';
import { clearInterval, setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ClickHouseSpanExporter } from '@sextant/clickhouse';
// The CLI's own settings, from its build, so the bench measures what `sextant eval` runs.
import { clickHouseBatching } from '../../packages/cli/dist/eval/start-telemetry.js';
import {
  findGcHelperThreads,
  format,
  loadAverage,
  machine,
  makeSpan,
  openBenchClickHouse,
  queryRows,
  table,
  threadCpuNow,
  threadCpuSince,
} from './bench-support.mjs';

const RATE = Number(process.env.BENCH_RATE ?? 3_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONFIGS = {
  'making spans only (accept-all exporter)': { store: false, processor: {} },
  'SDK defaults': { store: true, processor: {} },
  '`sextant eval` settings': { store: true, processor: clickHouseBatching({}) },
};

/** One run in this (child) process: spans at RATE for SECONDS, then flushed and counted. */
async function runOne(name) {
  const config = CONFIGS[name];
  const gcHelpers = findGcHelperThreads();
  const bench = await openBenchClickHouse('exporter-rate');
  const exporter = config.store
    ? new ClickHouseSpanExporter({ clickhouse: bench.clickhouse })
    : { export: (spans, done) => done({ code: 0 }), shutdown: async () => {} };
  let handed = 0;
  const counting = {
    export(spans, done) {
      handed += spans.length;
      exporter.export(spans, done);
    },
    shutdown: () => exporter.shutdown(),
  };
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(counting, config.processor)],
  });
  const tracer = provider.getTracer('rate');
  const total = RATE * SECONDS;
  let made = 0;
  let peakRss = 0;
  const cpu = threadCpuNow();
  await new Promise((resolve) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE));
      while (made < due) makeSpan(tracer, made++);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (made >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  await provider.forceFlush();
  await exporter.forceFlush?.();
  const used = threadCpuSince(cpu, gcHelpers);
  const [{ stored }] = config.store
    ? await queryRows(bench.clickhouse, 'SELECT count() AS stored FROM bench.otel_traces')
    : [{ stored: handed }];
  await provider.shutdown();
  await bench.dispose();
  return { made, handed, stored: Number(stored), cpu: used, peakRss };
}

if (process.argv[2] === '--child') {
  process.send(await runOne(process.argv[3]));
  process.exit(0);
}

const inChild = (name) =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', name]);
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${name}: child exited with ${String(code)}`));
    });
  });

const loadBefore = loadAverage();
const rows = [];
let lost = 0;
for (let round = 0; round < ROUNDS; round += 1) {
  for (const name of Object.keys(CONFIGS)) {
    const run = await inChild(name);
    if (run.stored !== run.made) lost += run.made - run.stored;
    const perSpan = (ms) => format((ms * 1000) / run.made, 1);
    rows.push([
      `${name}, round ${String(round + 1)}`,
      `${format(run.stored)} / ${format(run.made)}`,
      perSpan(run.cpu.process),
      perSpan(run.cpu.main),
      perSpan(run.cpu.engine),
      perSpan(run.cpu.gc),
      `${format(run.cpu.process / SECONDS / 10, 1)} %`,
      format(run.peakRss / 2 ** 20),
    ]);
  }
}
console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
console.log(
  `\n### Spans at a steady ${format(RATE)}/s for ${String(SECONDS)} s, each run in its own process\n`,
);
console.log(
  table(
    [
      'processor',
      'spans stored / made',
      'CPU µs/span',
      'main thread',
      'chDB threads',
      'V8 GC helpers',
      'share of a core',
      'peak RSS MB',
    ],
    rows,
  ),
);
console.log(
  `\nSpans lost (made but not stored): ${format(lost)}. The accept-all row is the cost of making the spans.`,
);
