// The produced section of exporter.bench.mjs: spans produced as a service produces them
// (produced-spans.mjs), with the README's processor settings, with and without
// materializeSkipIndexesOnInsert, beside a producer that stores nothing; run before anything
// holds spans. Then the same pace with spans recorded beforehand (the processor's steady state,
// one export at a time, without making spans on the exporting thread; these rows hold every span).
// `BeforeExporter` (an earlier build's) alternates with `Exporter` when given.
import { performance } from 'node:perf_hooks';
import {
  format,
  loadAverage,
  machine,
  openBenchClickHouse,
  queryRows,
  rate,
  recordSpans,
  table,
  THREAD_CPU_HEADERS,
  threadCpuCells,
} from './bench-support.mjs';
import { produceAndExport, recommendedProcessorOptions } from './produced-spans.mjs';

/**
 * The same connection, with the wall-clock span of every INSERT command: the share of a run's
 * wall time in which the engine had an INSERT to work on.
 */
function timingInserts(clickhouse) {
  const inserts = [];
  const real = clickhouse.client;
  const client = new Proxy(real, {
    get(target, property) {
      if (property !== 'command') return Reflect.get(target, property, target);
      return async (params) => {
        const begun = performance.now();
        try {
          return await real.command(params);
        } finally {
          if (params.query.startsWith('INSERT')) inserts.push([begun, performance.now()]);
        }
      };
    },
  });
  return { clickhouse: { ...clickhouse, client }, inserts };
}

/** Spans produced as a service does (see produced-spans.mjs), before anything holds spans. */
export async function producedSection({
  count,
  perTick,
  rounds,
  gcHelpers,
  loadBefore,
  Exporter: AfterExporter,
  BeforeExporter,
}) {
  const bench = await openBenchClickHouse('exporter-produced');
  const timed = timingInserts(bench.clickhouse);
  const { clickhouse } = timed;
  const processorOptions = recommendedProcessorOptions(count);
  // The producer's own cost (span creation, the processor, GC of the spans made): an exporter
  // that accepts every batch at once and stores nothing.
  const acceptAllBaseline = function AcceptAll() {
    return {
      export: (batch, done) => done({ code: 0 }),
      forceFlush: async () => {},
      shutdown: async () => {},
    };
  };
  const variants = [
    ['producer baseline: accept-all exporter, nothing stored', acceptAllBaseline, {}],
    ...(BeforeExporter ? [['before, defaults', BeforeExporter, {}]] : []),
    ['after, defaults', AfterExporter, {}],
    ...(BeforeExporter
      ? [
          [
            'before, materializeSkipIndexesOnInsert false',
            BeforeExporter,
            { materializeSkipIndexesOnInsert: false },
          ],
        ]
      : []),
    [
      'after, materializeSkipIndexesOnInsert false',
      AfterExporter,
      { materializeSkipIndexesOnInsert: false },
    ],
  ];
  const rows = [];
  let failed = 0;
  const run = async ([label, Exporter, options], count, recorded = undefined) => {
    for (const name of ['otel_traces', 'otel_traces_trace_id_ts', 'sextant_gen_ai_traffic_1m'])
      await clickhouse.client.command({ query: `TRUNCATE TABLE bench.${name}` });
    const exporter = new Exporter({ clickhouse, timeoutMs: 300_000, ...options });
    timed.inserts.length = 0;
    const stores = Exporter !== acceptAllBaseline;
    const result = await produceAndExport({
      exporter,
      count,
      perTick: perTick,
      processorOptions,
      gcHelpers,
      recorded,
    });
    const [{ stored }] = stores
      ? await queryRows(clickhouse, 'SELECT count() AS stored FROM bench.otel_traces')
      : [{ stored: result.handed }];
    if (Number(stored) !== count || result.dropped > 0 || result.failedExports > 0) {
      failed += 1;
      console.error(
        `${label}: stored ${String(stored)} of ${String(count)}, dropped ${String(result.dropped)}, failed exports ${String(result.failedExports)}`,
      );
    }
    const busy = timed.inserts.reduce((sum, [begun, ended]) => sum + (ended - begun), 0);
    return { ...result, stored: Number(stored), inserts: timed.inserts.length, busy };
  };
  const rowOf = (label, result) => [
    label,
    format(result.stored),
    format(result.ms),
    rate(count, result.ms),
    ...threadCpuCells(result.cpu, count),
    format(result.inserts),
    result.inserts === 0 ? '' : `${format((result.busy / result.ms) * 100)} %`,
    format(result.peakBacklog),
    format(result.dropped),
  ];
  // Warm the JIT on every variant's path (unmeasured, a quarter of the spans).
  for (const variant of variants) await run(variant, Math.floor(count / 4));
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of variants) {
      const result = await run(variant, count);
      rows.push(rowOf(`${variant[0]}, round ${String(round + 1)}`, result));
    }
  }
  // Last (it holds every span): recorded spans handed over at the same pace, so the processor's
  // steady state (one export at a time) is measured without making spans on the same thread.
  const recorded = recordSpans(count);
  const steady = [
    ['producer baseline: accept-all exporter, recorded spans handed over', acceptAllBaseline, {}],
    ['after, defaults, recorded spans handed over', AfterExporter, {}],
  ];
  for (const variant of steady) await run(variant, Math.floor(count / 4), recorded);
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of steady) {
      const result = await run(variant, count, recorded);
      rows.push(rowOf(`${variant[0]}, round ${String(round + 1)}`, result));
    }
  }
  await bench.dispose();
  console.log(`Machine: ${machine()}; load average ${loadBefore} before, ${loadAverage()} after`);
  console.log(
    `\n### Produced as a service produces them: ${format(count)} spans, ${format(perTick)} ended per tick, ` +
      `BatchSpanProcessor ${JSON.stringify(processorOptions)}; spans/s from the first span started to the last stored\n`,
  );
  console.log(
    table(
      [
        'exporter',
        'spans stored',
        'wall ms',
        'spans/s',
        ...THREAD_CPU_HEADERS,
        'INSERTs',
        'wall time with an INSERT running',
        'peak queue (ended, not yet exported)',
        'dropped',
      ],
      rows,
    ),
  );
  console.log(
    `\nEvery produced span was stored, none dropped, no export failed: ${failed === 0 ? 'yes' : 'NO'}.\n`,
  );
  if (failed > 0) process.exitCode = 1;
}
