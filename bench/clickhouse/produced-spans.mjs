// Spans produced the way a service produces them, for exporter.bench.mjs: a tracer provider whose
// BatchSpanProcessor feeds the exporter, and a producer that starts and ends `perTick` spans, then
// yields to the event loop (setImmediate), until `count` spans are ended. Export and production
// interleave (the exporter encodes in slices with yields of its own), and nothing but the
// processor's queue and the batch being exported holds a span: the held-spans rows of the bench
// keep all 200,000 (~300 MB) alive, and V8's GC helpers spend their time marking them.
// The clock runs from the first span started to the last span stored: the processor's
// forceFlush, then the exporter's (the processor's does not wait for an export its size trigger
// started). Drops are counted exactly: a span the processor drops is never handed to `export`.
// With `recorded` (spans recorded beforehand), the producer hands those to the processor's onEnd
// instead of making spans: the export path in steady state (the processor's own size- and
// timer-triggered exports, one at a time), without the cost of making spans on the same thread.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeSpan, threadCpuNow, threadCpuSince } from './bench-support.mjs';

/** The README's recommended processor settings; maxQueueSize at least the spans produced. */
export function recommendedProcessorOptions(count) {
  return {
    maxExportBatchSize: 50_000,
    maxQueueSize: Math.max(200_000, count),
    scheduledDelayMillis: 1_000,
    exportTimeoutMillis: 300_000,
  };
}

/**
 * Produces `count` spans into `exporter` through a BatchSpanProcessor and waits until all are
 * stored. Returns wall ms, CPU by thread (threadCpuSince), spans handed to export, dropped spans
 * (ended but never handed), failed exports, and the largest backlog seen at a tick (spans ended
 * but not yet handed to export, i.e. waiting in the processor's queue).
 */
export async function produceAndExport({
  exporter,
  count,
  perTick,
  processorOptions,
  gcHelpers,
  recorded,
}) {
  let handed = 0;
  let failedExports = 0;
  const counting = {
    export(batch, done) {
      handed += batch.length;
      exporter.export(batch, (result) => {
        if (result.code !== 0) failedExports += 1;
        done(result);
      });
    },
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
  };
  const processor = new BatchSpanProcessor(counting, processorOptions);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('bench');
  let peakBacklog = 0;
  const cpu = threadCpuNow();
  const started = performance.now();
  for (let index = 0; index < count;) {
    const end = Math.min(count, index + perTick);
    if (recorded === undefined) for (; index < end; index += 1) makeSpan(tracer, index);
    else for (; index < end; index += 1) processor.onEnd(recorded[index]);
    peakBacklog = Math.max(peakBacklog, index - handed);
    await nextTurn();
  }
  await provider.forceFlush();
  await exporter.forceFlush();
  const ms = performance.now() - started;
  const used = threadCpuSince(cpu, gcHelpers);
  await provider.shutdown();
  return { ms, cpu: used, handed, dropped: count - handed, failedExports, peakBacklog };
}
