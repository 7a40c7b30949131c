// Per-call overhead of LLM-client instrumentation over the raw `openai` client.
//
// Method: every variant runs in its own child process (the peers patch through require hooks),
// pinned to one core with `taskset -c 0` when available. Each child builds an `openai` client
// whose `fetch` is in-process and returns canned bodies, so only SDK + instrumentation work is
// timed; a real tracer provider with a batch span processor and a no-op exporter is registered
// globally. It times sequential awaited calls: non-streaming chat completions and 50-chunk
// streams consumed to the end, in process CPU time per call. Variants are interleaved round by
// round (the machine may be shared) and each figure is a median over rounds of the best of
// five slices.
//
// Variants besides `raw`: `raw-asking-usage` (the caller itself asks for `include_usage`, as our
// wrapper does for it: the SDK work that asking costs), `span-floor` (a bare span with 20
// attributes around the raw call: what the OTel API + SDK cost), `sextant`, and two peers.
//
// Run alone: `pnpm --filter @sextant/instrumentation build && node bench/instrumentation/overhead.bench.mjs`
// Options (environment): BENCH_ROUNDS (5), BENCH_CALLS (1000 per slice), BENCH_SLICES (5 per
// variant and round, the best one kept), BENCH_SINGLE_THREADED (1: children run V8 with
// --single-threaded), BENCH_VARIANTS
// (comma-separated subset; `raw` is always run), SEXTANT_BUILDS (see below). To profile one variant:
// `node --cpu-prof bench/instrumentation/overhead.bench.mjs --variant sextant --only plain|stream`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHUNKS, cannedFetch } from './canned-fetch.mjs';
import { spanFloor } from './span-floor.mjs';

// SEXTANT_BUILDS: other builds to measure beside this one, `name=/path/to/dist/index.js,...`;
// each is the variant `sextant-<name>` (e.g. `before=` an earlier commit's build).
const BUILDS = new Map(
  (process.env.SEXTANT_BUILDS ?? '')
    .split(',')
    .filter((entry) => entry.includes('='))
    .map((entry) => {
      const [name, path] = entry.split('=');
      return [`sextant-${name.trim()}`, path.trim()];
    }),
);
const ALL_VARIANTS = [
  'raw',
  'raw-asking-usage',
  'span-floor',
  ...BUILDS.keys(),
  'sextant',
  'otel-instrumentation-openai',
  'traceloop-instrumentation-openai',
];
const PEERS = ['otel-instrumentation-openai', 'traceloop-instrumentation-openai'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 1000);
const SLICES = Number(process.env.BENCH_SLICES ?? 5);
// V8's garbage collector and compiler run helper threads; pinned to one core, their work and
// their waiting for each other land in the process CPU time too. Single-threaded children put
// all of it on the main thread, which shows what each variant's own work costs.
const SINGLE_THREADED = process.env.BENCH_SINGLE_THREADED === '1';
const chosen = process.env.BENCH_VARIANTS?.split(',').map((name) => name.trim());
const VARIANTS = ALL_VARIANTS.filter(
  (variant) =>
    variant === 'raw' || BUILDS.has(variant) || chosen === undefined || chosen.includes(variant),
);

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const childVariant = argument('--variant');
if (childVariant === undefined) runParent();
else await runChild(childVariant, argument('--only'));

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

function runVariant(variant, pin) {
  const command = pin ? 'taskset' : process.execPath;
  const args = [
    ...(pin ? ['-c', '0', process.execPath] : []),
    ...(SINGLE_THREADED ? ['--single-threaded'] : []),
    fileURLToPath(import.meta.url),
    '--variant',
    variant,
  ];
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`variant ${variant} failed with exit code ${child.status}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

// The machine may be shared: variants run interleaved, round after round, and overheads are the
// median of per-round differences to a baseline measured in the same round.
function runParent() {
  const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const byVariant = new Map(VARIANTS.map((variant) => [variant, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let offset = 0; offset < VARIANTS.length; offset += 1) {
      const variant = VARIANTS[(round + offset) % VARIANTS.length];
      byVariant.get(variant).push(runVariant(variant, pin));
    }
  }
  const format = (value) => value.toFixed(1);
  const differences = (runs, baseline, field) =>
    runs.map((run, round) => run[field] - baseline[round][field]);
  // Median, then the range over rounds: how far one round's figure can be trusted.
  const spread = (runs, baseline, field) => {
    const values = differences(runs, baseline, field);
    return `${format(median(values))} (${format(Math.min(...values))} to ${format(Math.max(...values))})`;
  };
  const ratio = (runs, baseline, field) =>
    median(runs.map((run, round) => run[field] / baseline[round][field])).toFixed(2);
  const raw = byVariant.get('raw');
  console.log(
    `openai ${raw[0].openaiVersion}, node ${process.version}, ${ROUNDS} interleaved rounds of ${CALLS_PER_ROUND} calls, pinned to one core: ${pin ? 'yes' : 'no'}, single-threaded V8: ${SINGLE_THREADED ? 'yes' : 'no'}\n`,
  );
  console.log(
    '| variant | non-streaming CPU µs/call | overhead µs/call (range) | ratio | 50-chunk stream CPU µs/call | overhead µs/call (range) | ratio | keeps SDK Stream (controller, tee) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const [variant, runs] of byVariant) {
    const isRaw = variant === 'raw';
    const cells = (field) => [
      format(median(runs.map((run) => run[field]))),
      isRaw ? '—' : spread(runs, raw, field),
      isRaw ? '1.00' : ratio(runs, raw, field),
    ];
    const keeps = runs.every((run) => run.keepsStream) ? 'yes' : 'no';
    console.log(
      `| ${variant} | ${[...cells('plainMicroseconds'), ...cells('streamMicroseconds'), keeps].join(' | ')} |`,
    );
  }
  const floor = byVariant.get('span-floor');
  const askingUsage = byVariant.get('raw-asking-usage');
  const instrumented = [...BUILDS.keys(), 'sextant', ...PEERS].filter((variant) =>
    byVariant.has(variant),
  );
  if (floor === undefined || instrumented.length === 0) return;
  console.log(
    '\nOver the span floor (a bare span with 20 attributes around the raw call), same rounds:\n',
  );
  console.log(
    '| variant | non-streaming µs/call over floor (range) | stream µs/call over floor (range) | stream µs/call over raw asking usage (range) |',
  );
  console.log('|---|---:|---:|---:|');
  for (const variant of instrumented) {
    const runs = byVariant.get(variant);
    const overUsage = askingUsage ? spread(runs, askingUsage, 'streamMicroseconds') : '—';
    console.log(
      `| ${variant} | ${spread(runs, floor, 'plainMicroseconds')} | ${spread(runs, floor, 'streamMicroseconds')} | ${overUsage} |`,
    );
  }
}

async function runChild(variant, only) {
  const require = createRequire(import.meta.url);
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(noopExporter)],
  });
  api.trace.setGlobalTracerProvider(tracerProvider);
  if (PEERS.includes(variant)) {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const instrumentation =
      variant === 'otel-instrumentation-openai'
        ? new (require('@opentelemetry/instrumentation-openai').OpenAIInstrumentation)()
        : new (require('@traceloop/instrumentation-openai').OpenAIInstrumentation)({
            traceContent: false,
            enrichTokens: false,
          });
    registerInstrumentations({ instrumentations: [instrumentation], tracerProvider });
  }
  // CommonJS load after the peers registered their require hooks, the same way for every variant.
  const OpenAI = require('openai').default ?? require('openai');
  const { Stream } = require('openai/streaming');
  let client = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://bench.invalid/v1',
    fetch: cannedFetch(),
    maxRetries: 0,
  });
  if (variant === 'sextant' || BUILDS.has(variant)) {
    const { instrument } = await import(
      variant === 'sextant' ? '@sextant/instrumentation' : pathToFileURL(BUILDS.get(variant)).href
    );
    client = instrument(client);
  }
  const body = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello to the team.' }],
  };
  const streamBody =
    variant === 'raw-asking-usage'
      ? { ...body, stream: true, stream_options: { include_usage: true } }
      : { ...body, stream: true };
  const floor = variant === 'span-floor' ? spanFloor({ api, model: body.model }) : undefined;
  const plainCall = async () => {
    const span = floor?.start(false);
    const completion = await client.chat.completions.create(body);
    if (span !== undefined) floor.end(span, completion);
  };
  const streamCall = async () => {
    const span = floor?.start(true);
    const stream = await client.chat.completions.create(streamBody);
    let count = 0;
    let last;
    for await (const chunk of stream) {
      if (chunk.choices.length > 0) count += 1;
      last = chunk;
    }
    if (count !== CHUNKS) throw new Error(`expected ${CHUNKS} chunks, got ${count}`);
    if (span !== undefined) floor.end(span, last);
  };
  const probe = await client.chat.completions.create(streamBody);
  let keepsStream =
    probe instanceof Stream && probe.controller instanceof globalThis.AbortController;
  try {
    const [left, right] = probe.tee();
    for await (const chunk of left) if (chunk === undefined) throw new Error('empty chunk');
    for await (const chunk of right) if (chunk === undefined) throw new Error('empty chunk');
  } catch {
    keepsStream = false;
  }
  const measure = async (call) => {
    for (let index = 0; index < 500; index += 1) await call();
    // CPU time, not wall time: on a shared machine the time this process waits for the core is
    // not its cost. Best of several slices, the least disturbed one (each slice is long enough
    // to include its share of garbage collection).
    let best = Infinity;
    for (let slice = 0; slice < SLICES; slice += 1) {
      const start = process.cpuUsage();
      for (let index = 0; index < CALLS_PER_ROUND; index += 1) await call();
      const used = process.cpuUsage(start);
      best = Math.min(best, (used.user + used.system) / CALLS_PER_ROUND);
    }
    return best;
  };
  const plainMicroseconds = only === 'stream' ? 0 : await measure(plainCall);
  const streamMicroseconds = only === 'plain' ? 0 : await measure(streamCall);
  await tracerProvider.shutdown();
  const openaiVersion = require('openai/version').VERSION;
  console.log(
    JSON.stringify({ variant, plainMicroseconds, streamMicroseconds, keepsStream, openaiVersion }),
  );
}
