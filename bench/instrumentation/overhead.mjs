// Per-call overhead of LLM-client instrumentation over the raw `openai` client.
//
// Method: every variant runs in its own child process (the peers patch through require hooks),
// pinned to one core with `taskset -c 0` when available. Each child builds an `openai` client
// whose `fetch` is in-process and returns canned bodies, so only SDK + instrumentation work is
// timed; a real tracer provider with a batch span processor and a no-op exporter is registered
// globally. It times sequential awaited calls: non-streaming chat completions and 50-chunk
// streams consumed to the end, in process CPU time per call. Variants are interleaved round by round (the machine may be
// shared) and each figure is a median over rounds of the best of three slices.
//
// Run alone: `pnpm --filter @sextant/instrumentation build && node bench/instrumentation/overhead.mjs`
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const VARIANTS = [
  'raw',
  'sextant',
  'otel-instrumentation-openai',
  'traceloop-instrumentation-openai',
];
const CHUNKS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS_PER_ROUND = Number(process.env.BENCH_CALLS ?? 1000);

const variantIndex = process.argv.indexOf('--variant');
if (variantIndex === -1) runParent();
else await runChild(process.argv[variantIndex + 1]);

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

// The machine may be shared: variants run interleaved, round after round, and overheads are the
// median of per-round differences to the raw client measured in the same round.
function runParent() {
  const pin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const byVariant = new Map(VARIANTS.map((variant) => [variant, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let offset = 0; offset < VARIANTS.length; offset += 1) {
      const variant = VARIANTS[(round + offset) % VARIANTS.length];
      const command = pin ? 'taskset' : process.execPath;
      const args = [
        ...(pin ? ['-c', '0', process.execPath] : []),
        fileURLToPath(import.meta.url),
        '--variant',
        variant,
      ];
      const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (child.status !== 0) {
        process.stderr.write(child.stderr);
        throw new Error(`variant ${variant} failed with exit code ${child.status}`);
      }
      byVariant.get(variant).push(JSON.parse(child.stdout.trim().split('\n').at(-1)));
    }
  }
  const raw = byVariant.get('raw');
  const format = (value) => value.toFixed(1);
  console.log(
    `openai ${raw[0].openaiVersion}, node ${process.version}, ${ROUNDS} interleaved rounds of ${CALLS_PER_ROUND} calls, pinned to one core: ${pin ? 'yes' : 'no'}\n`,
  );
  console.log(
    '| variant | non-streaming CPU µs/call | overhead µs/call | ratio | 50-chunk stream CPU µs/call | overhead µs/call | ratio | keeps SDK Stream (controller, tee) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const variant of VARIANTS) {
    const runs = byVariant.get(variant);
    const plain = median(runs.map((run) => run.plainMicroseconds));
    const stream = median(runs.map((run) => run.streamMicroseconds));
    const plainOverhead = median(
      runs.map((run, round) => run.plainMicroseconds - raw[round].plainMicroseconds),
    );
    const streamOverhead = median(
      runs.map((run, round) => run.streamMicroseconds - raw[round].streamMicroseconds),
    );
    const plainRatio = median(
      runs.map((run, round) => run.plainMicroseconds / raw[round].plainMicroseconds),
    );
    const streamRatio = median(
      runs.map((run, round) => run.streamMicroseconds / raw[round].streamMicroseconds),
    );
    const isRaw = variant === 'raw';
    console.log(
      `| ${variant} | ${format(plain)} | ${isRaw ? '—' : format(plainOverhead)} | ${isRaw ? '1.00' : plainRatio.toFixed(2)} | ${format(stream)} | ${isRaw ? '—' : format(streamOverhead)} | ${isRaw ? '1.00' : streamRatio.toFixed(2)} | ${runs.every((run) => run.keepsStream) ? 'yes' : 'no'} |`,
    );
  }
}

function cannedFetch() {
  const completion = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello there, team!' },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: 25,
      completion_tokens: 6,
      total_tokens: 31,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  });
  const frame = (chunk) => `data: ${JSON.stringify(chunk)}\n\n`;
  const chunkOf = (index, withUsageField) => ({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        delta: { content: `tok${index} ` },
        finish_reason: index === CHUNKS - 1 ? 'stop' : null,
      },
    ],
    ...(withUsageField ? { usage: null } : {}),
  });
  // As the API does: the usage chunk (and `usage: null` on the others) only when asked for.
  const streamBody = (includeUsage) =>
    Array.from({ length: CHUNKS }, (_, index) => frame(chunkOf(index, includeUsage))).join('') +
    (includeUsage
      ? frame({
          id: 'chatcmpl-bench',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o-mini-2024-07-18',
          choices: [],
          usage: { prompt_tokens: 25, completion_tokens: 50, total_tokens: 75 },
        })
      : '') +
    'data: [DONE]\n\n';
  const streamWithUsage = streamBody(true);
  const streamWithoutUsage = streamBody(false);
  const headers = { 'content-type': 'application/json', 'x-request-id': 'req_bench' };
  const sseHeaders = { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' };
  return async (_url, init) => {
    const body = String(init?.body ?? '');
    if (!body.includes('"stream":true'))
      return new globalThis.Response(completion, { status: 200, headers });
    return new globalThis.Response(
      body.includes('"include_usage":true') ? streamWithUsage : streamWithoutUsage,
      { status: 200, headers: sseHeaders },
    );
  };
}

async function runChild(variant) {
  const require = createRequire(import.meta.url);
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(noopExporter)],
  });
  api.trace.setGlobalTracerProvider(tracerProvider);
  if (variant === 'otel-instrumentation-openai' || variant === 'traceloop-instrumentation-openai') {
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
  if (variant === 'sextant') {
    const { instrument } = await import('@sextant/instrumentation');
    client = instrument(client);
  }
  const body = {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello to the team.' }],
  };
  const plainCall = () => client.chat.completions.create(body);
  const streamCall = async () => {
    const stream = await client.chat.completions.create({ ...body, stream: true });
    let count = 0;
    for await (const chunk of stream) if (chunk !== undefined) count += 1;
    if (count !== CHUNKS) throw new Error(`expected ${CHUNKS} chunks, got ${count}`);
  };
  const probe = await client.chat.completions.create({ ...body, stream: true });
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
    // not its cost. Best of three slices, the least disturbed one.
    let best = Infinity;
    for (let slice = 0; slice < 3; slice += 1) {
      const start = process.cpuUsage();
      for (let index = 0; index < CALLS_PER_ROUND; index += 1) await call();
      const used = process.cpuUsage(start);
      best = Math.min(best, (used.user + used.system) / CALLS_PER_ROUND);
    }
    return best;
  };
  const plainMicroseconds = await measure(plainCall);
  const streamMicroseconds = await measure(streamCall);
  await tracerProvider.shutdown();
  const openaiVersion = require('openai/version').VERSION;
  console.log(
    JSON.stringify({ variant, plainMicroseconds, streamMicroseconds, keepsStream, openaiVersion }),
  );
}
