// What a second INSERT in flight costs a host that does fs work beside the exporter. chDB runs
// each INSERT on one of libuv's threads (4 by default), which the host's fs, dns.lookup, crypto
// and zlib share. A worker thread (its own event loop, the same process's libuv pool) keeps
// BENCH_FS_LOOPS loops of fs.stat + fs.readFile (BENCH_FS_BYTES per file, a BENCH_FS_PAUSE_MS pause
// after each) running while 200,000 recorded spans go through a BatchSpanProcessor (50,000-span
// batches) to the exporter with maxInsertsInFlight 1 (the default) and 2, alternating; the same fs
// load beside an exporter that stores nothing is the host's baseline. Reported: spans/s, CPU per
// span, and the fs operations' rate and latency during each export.
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ClickHouseSpanExporter } from '@sextant/clickhouse';
import {
  cpuNow,
  cpuSince,
  format,
  loadAverage,
  machine,
  openBenchClickHouse,
  recordSpans,
  table,
} from './bench-support.mjs';

if (!isMainThread) {
  // The host's fs work: loops until told to stop, then reports its latencies.
  const { directory, loops, pauseMs } = workerData;
  parentPort.on('message', (message) => {
    if (message !== 'start') return;
    let stopped = false;
    const latencies = [];
    const begun = performance.now();
    const running = Array.from({ length: loops }, async (_, loop) => {
      for (let index = loop; !stopped; index += 1) {
        const started = performance.now();
        const path = join(directory, `file-${String(index % 16)}`);
        await stat(path);
        await readFile(path);
        latencies.push(performance.now() - started);
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    });
    parentPort.once('message', async () => {
      stopped = true;
      await Promise.all(running);
      parentPort.postMessage({ latencies, seconds: (performance.now() - begun) / 1000 });
    });
  });
} else {
  const SPANS = 200_000;
  const PROCESSOR = { maxQueueSize: SPANS, maxExportBatchSize: 50_000, scheduledDelayMillis: 20 };
  const directory = mkdtempSync(join(tmpdir(), 'sextant-bench-host-fs-'));
  const bytes = Number(process.env.BENCH_FS_BYTES ?? 65_536);
  for (let index = 0; index < 16; index += 1) {
    writeFileSync(join(directory, `file-${String(index)}`), Buffer.alloc(bytes, index));
  }
  const host = new Worker(new URL(import.meta.url), {
    workerData: {
      directory,
      loops: Number(process.env.BENCH_FS_LOOPS ?? 4),
      pauseMs: Number(process.env.BENCH_FS_PAUSE_MS ?? 1),
    },
  });
  const hostRun = () => {
    host.postMessage('start');
    return () =>
      new Promise((resolve) => {
        host.once('message', resolve);
        host.postMessage('stop');
      });
  };

  const loadBefore = loadAverage();
  const spans = recordSpans(SPANS);
  const bench = await openBenchClickHouse('host-fs');
  const { clickhouse } = bench;
  const accept = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined };
  const rows = [];
  for (let round = 0; round < 3; round += 1) {
    for (const inFlight of [0, 1, 2]) {
      for (const name of ['otel_traces', 'otel_traces_trace_id_ts', 'sextant_gen_ai_traffic_1m']) {
        await clickhouse.client.command({ query: `TRUNCATE TABLE bench.${name}` });
      }
      const exporter =
        inFlight === 0
          ? accept
          : new ClickHouseSpanExporter({
              clickhouse,
              timeoutMs: 300_000,
              maxInsertsInFlight: inFlight,
            });
      const processor = new BatchSpanProcessor(exporter, PROCESSOR);
      const stopHost = hostRun();
      const cpu = cpuNow();
      const started = performance.now();
      for (const span of spans) processor.onEnd(span);
      await processor.forceFlush();
      // The baseline's export takes no time: let the host run as long as an export would.
      if (inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
      const ms = performance.now() - started;
      const used = cpuSince(cpu);
      const { latencies, seconds } = await stopHost();
      await processor.shutdown();
      latencies.sort((a, b) => a - b);
      const quantile = (q) => format(latencies[Math.floor((latencies.length - 1) * q)] ?? 0, 2);
      rows.push([
        inFlight === 0
          ? 'host alone (exporter stores nothing)'
          : `maxInsertsInFlight ${String(inFlight)}`,
        String(round + 1),
        inFlight === 0 ? '' : format((SPANS / ms) * 1000),
        inFlight === 0 ? '' : format((used.process * 1000) / SPANS, 1),
        format(latencies.length / seconds),
        quantile(0.5),
        quantile(0.99),
        format(latencies[latencies.length - 1] ?? 0, 1),
      ]);
    }
  }
  await host.terminate();
  await bench.dispose();
  rmSync(directory, { recursive: true, force: true });
  console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
  console.log(
    `${format(SPANS)} spans in 50,000-span batches; host: ${String(process.env.BENCH_FS_LOOPS ?? 4)} loops of stat + readFile (${format(bytes)} bytes) in a worker thread\n`,
  );
  console.log(
    table(
      [
        'exporter',
        'round',
        'spans/s',
        'process CPU µs/span (host work included)',
        'host fs ops/s',
        'fs p50 ms',
        'fs p99 ms',
        'fs max ms',
      ],
      rows,
    ),
  );
}
