// Shared helpers for the ClickHouse benchmarks: a temp embedded data dir, timing, machine facts.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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
