// The variants the instrumentation benchmarks compare, set up in the current process: one
// `openai` client per variant (each with its own in-process canned `fetch`), a real
// `BasicTracerProvider` with a `BatchSpanProcessor` and a no-op exporter as the global provider,
// no meter provider, no context manager.
//
// `raw`, `raw-asking-usage`, `span-floor`, `sextant` and `sextant-<build>` can share a process:
// `instrument()` wraps one client instance. A peer (`otel-instrumentation-openai`,
// `traceloop-instrumentation-openai`) patches the `openai` module itself, so it gets a process of
// its own; there it is enabled only around its own calls (`enter`/`leave`), so `raw` and
// `span-floor` in that process run the unpatched SDK.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CHUNKS, cannedFetch } from './canned-fetch.mjs';
import { spanFloor } from './span-floor.mjs';

export const PEERS = ['otel-instrumentation-openai', 'traceloop-instrumentation-openai'];

// SEXTANT_BUILDS: other builds to measure beside this one, `name=/path/to/dist/index.js,...`;
// each is the variant `sextant-<name>` (e.g. `before=` an earlier commit's build).
export const BUILDS = new Map(
  (process.env.SEXTANT_BUILDS ?? '')
    .split(',')
    .filter((entry) => entry.includes('='))
    .map((entry) => {
      const [name, path] = entry.split('=');
      return [`sextant-${name.trim()}`, path.trim()];
    }),
);

const body = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Say hello to the team.' }],
};

/**
 * `names`: the variants to set up (at most one peer). Returns, per variant, `plain()` and
 * `stream()` (one awaited call each) and `enter()`/`leave()` to run around a batch of its calls.
 */
export async function setUpVariants({ names }) {
  const require = createRequire(import.meta.url);
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(noopExporter)],
  });
  api.trace.setGlobalTracerProvider(tracerProvider);
  const peer = names.find((name) => PEERS.includes(name));
  let peerInstrumentation;
  if (peer !== undefined) {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    peerInstrumentation =
      peer === 'otel-instrumentation-openai'
        ? new (require('@opentelemetry/instrumentation-openai').OpenAIInstrumentation)()
        : new (require('@traceloop/instrumentation-openai').OpenAIInstrumentation)({
            traceContent: false,
            enrichTokens: false,
          });
    registerInstrumentations({ instrumentations: [peerInstrumentation], tracerProvider });
  }
  // CommonJS load after a peer registered its require hooks, the same way in every process.
  const OpenAI = require('openai').default ?? require('openai');
  const { Stream } = require('openai/streaming');
  const newClient = () =>
    new OpenAI({
      apiKey: 'sk-bench',
      baseURL: 'http://bench.invalid/v1',
      fetch: cannedFetch(),
      maxRetries: 0,
    });
  const variants = new Map();
  for (const name of names) {
    let client = newClient();
    if (name === 'sextant' || BUILDS.has(name)) {
      const { instrument } = await import(
        name === 'sextant' ? '@sextant/instrumentation' : pathToFileURL(BUILDS.get(name)).href
      );
      client = instrument(client);
    }
    const streamBody =
      name === 'raw-asking-usage'
        ? { ...body, stream: true, stream_options: { include_usage: true } }
        : { ...body, stream: true };
    const floor = name === 'span-floor' ? spanFloor({ api, model: body.model }) : undefined;
    const isPeer = name === peer;
    variants.set(name, {
      plain: async () => {
        const span = floor?.start(false);
        const completion = await client.chat.completions.create(body);
        if (span !== undefined) floor.end(span, completion);
      },
      stream: async () => {
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
      },
      keepsStream: async () => {
        const probe = await client.chat.completions.create(streamBody);
        if (!(probe instanceof Stream && probe.controller instanceof globalThis.AbortController))
          return false;
        try {
          const [left, right] = probe.tee();
          for await (const chunk of left) if (chunk === undefined) return false;
          for await (const chunk of right) if (chunk === undefined) return false;
          return true;
        } catch {
          return false;
        }
      },
      enter: () => (isPeer ? peerInstrumentation.enable() : undefined),
      leave: () => (isPeer ? peerInstrumentation.disable() : undefined),
    });
  }
  peerInstrumentation?.disable();
  return {
    variants,
    tracerProvider,
    openaiVersion: require('openai/version').VERSION,
  };
}
