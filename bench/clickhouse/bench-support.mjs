// Shared helpers for the ClickHouse benchmarks: a temp embedded data dir, timing, machine facts.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { openClickHouse } from '@sextant/clickhouse';
// Internal module of the build, for the engine-only rows.
import {
  insertNativeBlockFile,
  writeNativeBlockFile,
} from '../../packages/clickhouse/dist/insert-rows.js';

export async function openBenchClickHouse(name) {
  const dataDir = mkdtempSync(join(tmpdir(), `sextant-bench-${name}-`));
  const clickhouse = await openClickHouse({ url: '', dataDir, database: 'bench' });
  return {
    clickhouse,
    async dispose() {
      await clickhouse.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function queryRows(clickhouse, query, query_params = {}) {
  const result = await clickhouse.client.query({ query, query_params, format: 'JSONEachRow' });
  return result.json();
}

/**
 * Median wall time of `runs` calls after `warmup` unmeasured ones, in milliseconds. The fastest
 * run is kept in `lastBestMs`: on a shared machine it is the better estimate of the cost itself.
 */
export let lastBestMs = 0;
export async function medianMs(run, { runs = 5, warmup = 1 } = {}) {
  for (let index = 0; index < warmup; index += 1) await run();
  const times = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  lastBestMs = times[0];
  return times[Math.floor(times.length / 2)];
}

export function machine() {
  const cpuModel =
    readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model;
  return `${String(cpus().length)} × ${cpuModel}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const format = (value, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The 1-minute load average: other work on the machine skews every figure. */
export function loadAverage() {
  return loadavg()[0].toFixed(1);
}

/**
 * CPU milliseconds used so far by the whole process and by its main (JS) thread. The main
 * thread's share comes from /proc (utime + stime of the thread whose id is the pid, 10 ms ticks);
 * the rest is every other thread: chDB runs each query on a libuv worker and merges in its own
 * pools, and V8's GC helpers run beside the main thread.
 */
export function cpuNow() {
  const used = process.cpuUsage();
  const stat = readFileSync(`/proc/self/task/${String(process.pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    process: (used.user + used.system) / 1000,
    main: (Number(fields[11]) + Number(fields[12])) * 10,
  };
}

export function cpuSince(start) {
  const now = cpuNow();
  return { process: now.process - start.process, main: now.main - start.main };
}

/**
 * The engine alone: pre-encoded Native blocks are written to files first, then INSERTed one after
 * another; only the INSERTs are timed (wall ms, and CPU as cpuSince gives it).
 */
export async function insertBlocksTimed(clickhouse, { blocks, table, columns, settings = {} }) {
  const paths = [];
  for (const block of blocks) paths.push(await writeNativeBlockFile([block]));
  const begunCpu = cpuNow();
  const begun = performance.now();
  for (const path of paths)
    await insertNativeBlockFile(clickhouse, { table, columns, path, settings });
  return { ms: performance.now() - begun, cpu: cpuSince(begunCpu) };
}

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'o3'];

/** GenAI-like client spans: 12 attributes, one event, 2 % errors. */
export function makeSpans(tracer, count) {
  for (let index = 0; index < count; index += 1) makeSpan(tracer, index);
}

/** The `index`-th span of makeSpans, started and ended. */
export function makeSpan(tracer, index) {
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

/** `count` spans recorded with a real tracer provider, as a processor's onEnd receives them. */
export function recordSpans(count) {
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

/** CPU milliseconds so far of each thread of this process: tid → { name, ms } (10 ms ticks). */
export function threadCpuNow() {
  const threads = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    let stat;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threads.set(tid, { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 });
  }
  return threads;
}

/**
 * Node names all its threads `node` (V8's platform workers, libuv's pool, the main thread), so
 * V8's GC helpers are found by what they do: the `node` threads other than the main one that use
 * CPU while the main thread only allocates (~2 s of short-lived and retained objects, no I/O).
 * Call it before anything starts libuv work that uses CPU (chDB's INSERTs run on libuv threads).
 */
export function findGcHelperThreads() {
  const before = threadCpuNow();
  let kept = [];
  for (let round = 0; round < 40; round += 1) {
    const objects = [];
    for (let index = 0; index < 100_000; index += 1) objects.push({ index, text: `t${index}` });
    kept.push(objects);
    if (kept.length > 8) kept = kept.slice(4);
  }
  const helpers = new Set();
  for (const [tid, { name, ms }] of threadCpuNow()) {
    if (tid === String(process.pid) || name !== 'node') continue;
    if (ms > (before.get(tid)?.ms ?? 0)) helpers.add(tid);
  }
  return helpers;
}

/**
 * CPU milliseconds by kind of thread since `start` (a threadCpuNow()): main (JS), engine (chDB's
 * own named threads), gc (the threads findGcHelperThreads found), other (libuv's pool, on which
 * chDB runs each query's calling thread, and the rest), process (their sum).
 */
export function threadCpuSince(start, gcHelpers) {
  const used = { main: 0, engine: 0, gc: 0, other: 0, process: 0 };
  for (const [tid, { name, ms }] of threadCpuNow()) {
    const spent = ms - (start.get(tid)?.ms ?? 0);
    if (spent <= 0) continue;
    used.process += spent;
    if (tid === String(process.pid)) used.main += spent;
    else if (name !== 'node') used.engine += spent;
    else if (gcHelpers.has(tid)) used.gc += spent;
    else used.other += spent;
  }
  return used;
}

/** Rate per second of `count` done in `ms`, formatted. */
export const rate = (count, ms) => format((count / ms) * 1000);

/** Column headers for threadCpuCells. */
export const THREAD_CPU_HEADERS = [
  'process CPU ms',
  'CPU µs/span',
  'main thread µs/span',
  'chDB threads µs/span',
  'V8 GC helpers µs/span',
  'libuv + other µs/span',
];

/**
 * Table cells of a threadCpuSince (or cpuSince: then the chDB and GC cells are blank and the rest
 * is everything but the main thread), per unit of `count`.
 */
export function threadCpuCells(cpu, count) {
  const per = (ms) => (ms === undefined ? '' : format((ms * 1000) / count, 1));
  return [
    format(cpu.process),
    per(cpu.process),
    per(cpu.main),
    per(cpu.engine),
    per(cpu.gc),
    per(cpu.other ?? cpu.process - cpu.main),
  ];
}
