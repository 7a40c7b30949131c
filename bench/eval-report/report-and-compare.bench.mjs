// Benchmark: buildRunReport and compareRuns over streamed results (10k, 30k, 100k rows).
// Run alone with `node bench/eval-report/report-and-compare.bench.mjs` after
// `pnpm --filter "@sextant/eval..." build`. Each size runs in its own child process so that peak
// RSS (getrusage maxrss) belongs to that size alone. Baseline: the same process only iterating
// the generated results (what any consumer of the stream pays), measured in the same run.
//
// `--against-before` compares the current build with a copy of an older one in
// packages/eval/.before/dist (not committed): for each size, rounds alternate the two builds, each
// in its own child; it prints median process CPU time, their ratio, peak RSS, and whether both
// builds returned the same report and comparison (SHA-256 of their JSON).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const BEFORE_DIST = new URL('../../packages/eval/.before/dist/index.js', import.meta.url);

const TARGETS = ['premium', 'balanced', 'budget'];

function* generateResults({ count, runId, seed }) {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 4_294_967_296;
  };
  for (let index = 0; index < count; index += 1) {
    const targetId = TARGETS[index % TARGETS.length];
    const passed = random() < 0.85;
    yield {
      runId,
      caseId: `case-${Math.floor(index / TARGETS.length)}`,
      promptId: 'triage-v1',
      targetId,
      repeat: 0,
      suite: 'triage',
      model: `${targetId}-model`,
      provider: 'openai',
      status: random() < 0.01 ? 'error' : 'ok',
      errorType: null,
      errorMessage: null,
      output: `{"intent": "${passed ? 'billing' : 'shipping'}", "priority": "high", "needsHuman": false}`,
      finishReason: 'stop',
      scores: [
        {
          name: 'intent',
          type: 'label',
          score: passed ? 1 : 0,
          passed,
          reason: 'label check',
          weight: 1,
          required: true,
        },
      ],
      score: passed ? 1 : 0,
      passed,
      latencyMs: 100 + random() * 900,
      timeToFirstChunkMs: 20 + random() * 200,
      inputTokens: 420,
      outputTokens: 24,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      costUsd: 0.0004 + random() * 0.0002,
      judgeCostUsd: null,
      judgeInputTokens: 0,
      judgeOutputTokens: 0,
      attempts: 1,
      retries: 0,
      cacheHit: false,
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      startedAt: 1_750_000_000_000 + index,
    };
  }
}

const run = (runId) => ({
  runId,
  suite: 'triage',
  description: '',
  gitSha: '',
  gitBranch: 'main',
  config: '{}',
  promptHash: '',
  datasetHash: '',
  baselineRunId: null,
  status: 'completed',
  verdict: 'none',
  startedAt: 0,
  finishedAt: 1,
});

async function measure(mode, count, build) {
  const { buildRunReport, compareRuns, DEFAULT_GATE_SETTINGS } = await import(
    build === 'before' ? BEFORE_DIST.href : '@sextant/eval'
  );
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let output = null;
  if (mode === 'iterate') {
    let sum = 0;
    for (const result of generateResults({ count, runId: 'a', seed: 1 })) sum += result.latencyMs;
    if (sum < 0) console.log(sum);
  } else if (mode === 'report') {
    output = await buildRunReport({
      run: run('a'),
      results: generateResults({ count, runId: 'a', seed: 1 }),
    });
  } else {
    output = await compareRuns({
      baseline: { run: run('a'), results: generateResults({ count, runId: 'a', seed: 1 }) },
      candidate: { run: run('b'), results: generateResults({ count, runId: 'b', seed: 2 }) },
      settings: DEFAULT_GATE_SETTINGS,
    });
  }
  const milliseconds = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    milliseconds,
    cpuMilliseconds: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    digest: digestOf(output),
    // What the gate decides, apart from the exact bounds (which other draws may move).
    decisions: digestOf(
      mode === 'compare' && {
        verdict: output.verdict,
        tests: output.groups.flatMap((group) =>
          group.metrics.map(({ metric, targetId, regressed }) => ({ metric, targetId, regressed })),
        ),
      },
    ),
    bounds:
      mode === 'compare'
        ? output.groups.flatMap((group) =>
            group.metrics.map((test) => [test.interval.lower, test.interval.upper]),
          )
        : [],
  };
}

const digestOf = (value) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

/** Largest difference between two runs' interval bounds, in the units of each metric. */
const largestBoundChange = (first, second) =>
  Math.max(
    0,
    ...first.bounds.flatMap((pair, test) =>
      pair.map((bound, side) => Math.abs(bound - second.bounds[test][side])),
    ),
  );

const SIZES = [10_000, 30_000, 100_000];
const self = fileURLToPath(import.meta.url);
const child = (mode, count, build = 'current') =>
  JSON.parse(
    execFileSync(process.execPath, [self, '--child', mode, String(count), build], {
      encoding: 'utf8',
    }),
  );
const median = (values) => {
  const sorted = [...values].sort((first, second) => first - second);
  return sorted[Math.floor(sorted.length / 2)];
};

if (process.argv[2] === '--child') {
  const result = await measure(process.argv[3], Number(process.argv[4]), process.argv[5]);
  process.stdout.write(JSON.stringify(result));
} else if (process.argv[2] === '--against-before') {
  // Cheap enough to repeat: 3 rounds, the order of the two builds swapped each round.
  const rounds = Number(process.argv[3] ?? 3);
  console.log(
    '| results | step | before, CPU ms (median) | after, CPU ms (median) | after ÷ before | peak RSS before | peak RSS after | same output | same decisions | largest bound change |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|:---:|:---:|---:|');
  for (const count of SIZES) {
    for (const mode of ['report', 'compare']) {
      const runs = { before: [], current: [] };
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? ['before', 'current'] : ['current', 'before'];
        for (const build of order) runs[build].push(child(mode, count, build));
      }
      const cpu = (build) => median(runs[build].map((entry) => entry.cpuMilliseconds));
      const rss = (build) => median(runs[build].map((entry) => entry.peakRssMb));
      const all = [...runs.before, ...runs.current];
      const same = (field) => (new Set(all.map((entry) => entry[field])).size === 1 ? 'yes' : 'no');
      console.log(
        `| ${count.toLocaleString('en-US')} | ${mode === 'report' ? 'buildRunReport' : 'compareRuns'} | ${cpu('before').toFixed(0)} | ${cpu('current').toFixed(0)} | ${(cpu('current') / cpu('before')).toFixed(2)} | ${rss('before').toFixed(0)} MB | ${rss('current').toFixed(0)} MB | ${same('digest')} | ${same('decisions')} | ${mode === 'report' ? '–' : largestBoundChange(runs.before[0], runs.current[0]).toPrecision(2)} |`,
      );
    }
  }
} else {
  const rows = [];
  for (const count of SIZES) {
    const iterate = child('iterate', count);
    const report = child('report', count);
    const compare = child('compare', count);
    rows.push(
      `| ${count.toLocaleString('en-US')} | ${iterate.milliseconds.toFixed(0)} ms | ${report.milliseconds.toFixed(0)} ms (${(report.milliseconds / iterate.milliseconds).toFixed(1)}×) | ${compare.milliseconds.toFixed(0)} ms (${(compare.milliseconds / (2 * iterate.milliseconds)).toFixed(1)}×) | ${iterate.peakRssMb.toFixed(0)} MB | ${report.peakRssMb.toFixed(0)} MB | ${compare.peakRssMb.toFixed(0)} MB |`,
    );
  }
  console.log(
    '| results | iterate only | buildRunReport (× iterate) | compareRuns, 2 runs (× 2 iterates) | peak RSS iterate | peak RSS report | peak RSS compare |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}
