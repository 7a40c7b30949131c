// Per-call overhead of LLM-client instrumentation over the raw `openai` client, measured in the
// same process: many short slices of each variant's calls, alternated, so load on a shared
// machine, CPU frequency and heap state hit every variant alike, and each overhead is the median
// of per-slice differences (slice cycle by slice cycle) to `raw` and to `span-floor` measured a
// moment before or after.
//
// Processes (each pinned to one core with `taskset -c 0` when available, run with --expose-gc):
// `ours` runs raw, raw-asking-usage, span-floor, sextant (and `sextant-<build>`, see
// SEXTANT_BUILDS in variant-setup.mjs); each peer gets its own process with raw, span-floor and
// the peer, enabled only around its own slices. Every slice ends with a forced minor GC inside
// its timing, so each slice pays for collecting its own young garbage instead of leaving it to
// whichever slice comes next.
//
// Run alone: `pnpm --filter @sextant/instrumentation build && node bench/instrumentation/overhead.bench.mjs`
// Options (environment): BENCH_CYCLES (100), BENCH_PLAIN_CALLS (100 per slice), BENCH_STREAM_CALLS
// (20 per slice), BENCH_WARMUP (400 calls per variant), BENCH_GROUPS (ours,otel,traceloop),
// BENCH_SINGLE_THREADED (1: V8 --single-threaded, GC and compiler work on the main thread).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BUILDS, setUpVariants } from './variant-setup.mjs';

const GROUPS = {
  ours: ['raw', 'raw-asking-usage', 'span-floor', ...BUILDS.keys(), 'sextant'],
  otel: ['raw', 'span-floor', 'otel-instrumentation-openai'],
  traceloop: ['raw', 'span-floor', 'traceloop-instrumentation-openai'],
};
const CYCLES = Number(process.env.BENCH_CYCLES ?? 100);
const CALLS = {
  plain: Number(process.env.BENCH_PLAIN_CALLS ?? 100),
  stream: Number(process.env.BENCH_STREAM_CALLS ?? 20),
};
const WARMUP = Number(process.env.BENCH_WARMUP ?? 400);
const SINGLE_THREADED = process.env.BENCH_SINGLE_THREADED === '1';
const chosenGroups = (process.env.BENCH_GROUPS ?? 'ours,otel,traceloop').split(',');

const groupIndex = process.argv.indexOf('--group');
if (groupIndex === -1) runParent();
else await runChild(process.argv[groupIndex + 1]);

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1
    ? sorted[Math.floor(middle)]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Median with the interquartile range: how far one slice's difference can be trusted.
function summary(values) {
  const low = quantile(values, 0.25).toFixed(1);
  return `${median(values).toFixed(1)} (${low} to ${quantile(values, 0.75).toFixed(1)})`;
}

function runGroup(group, pin) {
  const node = [
    process.execPath,
    '--expose-gc',
    ...(SINGLE_THREADED ? ['--single-threaded'] : []),
    fileURLToPath(import.meta.url),
    '--group',
    group,
  ];
  const [command, ...args] = pin ? ['taskset', '-c', '0', ...node] : node;
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`group ${group} failed with exit code ${child.status}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

function quantile(values, fraction) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(fraction * (sorted.length - 1))];
}

function runParent() {
  const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const results = chosenGroups.map((group) => runGroup(group, pin));
  console.log(
    `openai ${results[0].openaiVersion}, node ${process.version}, ${CYCLES} cycles of slices (${CALLS.plain} non-streaming / ${CALLS.stream} stream calls per slice, variants alternated in one process), pinned to one core: ${pin ? 'yes' : 'no'}, single-threaded V8: ${SINGLE_THREADED ? 'yes' : 'no'}`,
  );
  // Two estimates per baseline: the median of per-cycle differences (with its interquartile
  // range), and the difference of the variants' 10th-percentile slices. Interference only ever
  // adds time, so the low percentile is the less disturbed figure of each variant.
  for (const [kind, title] of [
    ['plain', 'Non-streaming chat completion'],
    ['stream', '50-chunk stream'],
  ]) {
    console.log(`\n${title}, CPU µs per call:\n`);
    console.log(
      '| process | variant | median | p10 | over raw: median diff (IQR) | over raw: p10 diff | over floor: median diff (IQR) | over floor: p10 diff | keeps SDK Stream |',
    );
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const result of results) {
      for (const [variant, kinds] of Object.entries(result.slices)) {
        const own = kinds[kind];
        const over = (baseline) => {
          const base = result.slices[baseline]?.[kind];
          if (variant === baseline || base === undefined) return ['—', '—'];
          return [
            summary(own.map((value, cycle) => value - base[cycle])),
            (quantile(own, 0.1) - quantile(base, 0.1)).toFixed(1),
          ];
        };
        const cells = [
          median(own).toFixed(1),
          quantile(own, 0.1).toFixed(1),
          ...over('raw'),
          ...over('span-floor'),
          result.keepsStream[variant] ? 'yes' : 'no',
        ];
        console.log(`| ${result.group} | ${variant} | ${cells.join(' | ')} |`);
      }
    }
  }
}

async function runChild(group) {
  const names = GROUPS[group];
  if (names === undefined) throw new Error(`unknown group ${group}: use ${Object.keys(GROUPS)}`);
  const { variants, tracerProvider, openaiVersion } = await setUpVariants({ names });
  const keepsStream = {};
  for (const [name, variant] of variants) {
    variant.enter();
    keepsStream[name] = await variant.keepsStream();
    variant.leave();
  }
  const slices = Object.fromEntries(names.map((name) => [name, { plain: [], stream: [] }]));
  for (const kind of ['plain', 'stream']) {
    for (const [, variant] of variants) {
      variant.enter();
      for (let index = 0; index < WARMUP; index += 1) await variant[kind]();
      variant.leave();
    }
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      // Rotate the order, so no variant always follows the same one.
      for (let offset = 0; offset < names.length; offset += 1) {
        const name = names[(cycle + offset) % names.length];
        const variant = variants.get(name);
        const call = variant[kind];
        variant.enter();
        globalThis.gc({ type: 'minor' });
        const start = process.cpuUsage();
        for (let index = 0; index < CALLS[kind]; index += 1) await call();
        globalThis.gc({ type: 'minor' });
        const used = process.cpuUsage(start);
        variant.leave();
        slices[name][kind].push((used.user + used.system) / CALLS[kind]);
      }
    }
  }
  await tracerProvider.shutdown();
  console.log(JSON.stringify({ group, openaiVersion, keepsStream, slices }));
}
