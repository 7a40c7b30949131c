// The eval runner against llm-sim with fixed latency: wall time as a ratio of the theoretical limit
// (cases × latency ÷ concurrency) and of the plain OpenAI SDK making the same calls (measured in
// the same run), and peak RSS as the case count grows. Each scenario runs in its own process.
//
//   node bench/eval-runner/runner.bench.mjs [--sizes 10000,30000,100000] [--modes raw,ipc-store,embedded-store]
//
// Build first: pnpm --filter "@sextant/eval..." --filter @sextant/llm-sim --filter @sextant/clickhouse build
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const sizes = argument('sizes', '10000,30000,100000').split(',').map(Number);
// A mode may name a variant: `ipc-store@before` runs the build SEXTANT_EVAL_BUILDS names `before`
// (`before=/abs/path/dist/index.js,...`), `ipc-store@fetch` the current build with the targets on
// the platform fetch (`transport: fetch`), `ipc-store@sdk` the current build with the targets on
// the official SDK (`client: sdk`; the default is the runner's own client, `client: http`).
const modes = argument('modes', 'http,raw,ipc-store,embedded-store').split(',');
const builds = new Map(
  (process.env.SEXTANT_EVAL_BUILDS ?? '')
    .split(',')
    .filter((entry) => entry.includes('='))
    .map((entry) => entry.split('=').map((part) => part.trim())),
);
// Rounds: every size runs its modes this many times, interleaved; the table shows each row.
const rounds = Number(argument('rounds', '1'));
const variant = (mode) => {
  const [base, name] = mode.split('@');
  if (name === undefined) return { mode: base };
  if (name === 'fetch') return { mode: base, transport: 'fetch', label: mode };
  if (name === 'sdk') return { mode: base, client: 'sdk', label: mode };
  const build = builds.get(name);
  if (build === undefined) throw new Error(`SEXTANT_EVAL_BUILDS names no build "${name}"`);
  return { mode: base, build, label: mode };
};
// Optional old-space cap (MB) for the runner processes: separates live memory from GC slack.
const heapMb = argument('heap', null);
// Pinned by default: the simulator (and an ipc-store's store process) on CPU 0, the scenario on
// CPU 1. `--unpinned` runs everything where the kernel puts it, as a user's machine would.
const pinned = existsSync('/usr/bin/taskset') && !process.argv.includes('--unpinned');
const here = new URL('.', import.meta.url).pathname;

function start(script, cpu) {
  const command = pinned ? 'taskset' : process.execPath;
  const args = pinned ? ['-c', String(cpu), process.execPath, script] : [script];
  return spawn(command, args, { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function runScenario(scenario) {
  const command = pinned ? 'taskset' : process.execPath;
  const flags = scenario.heapMb === undefined ? [] : [`--max-old-space-size=${scenario.heapMb}`];
  const args = [
    ...(pinned ? ['-c', '1', process.execPath] : []),
    ...flags,
    'run-scenario.mjs',
    JSON.stringify(pinned ? { ...scenario, storeCpu: 0 } : scenario),
  ];
  const child = spawn(command, args, { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`scenario failed: ${JSON.stringify(scenario)}`);
  return JSON.parse(output.trim().split('\n').at(-1));
}

const sim = start('sim-server.mjs', 0);
const simUrl = await new Promise((resolve) =>
  createInterface({ input: sim.stdout }).once('line', resolve),
);
const load = () =>
  execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ');

const scenarios = [];
for (let round = 0; round < rounds; round += 1)
  for (const mode of modes)
    scenarios.push({
      simUrl,
      cases: 500,
      latencyMs: 100,
      concurrency: 32,
      cache: false,
      ...variant(mode),
    });
for (const cases of sizes) {
  for (let round = 0; round < rounds; round += 1)
    for (const mode of modes)
      scenarios.push({
        simUrl,
        cases,
        latencyMs: 20,
        concurrency: 64,
        cache: false,
        ...variant(mode),
      });
  if (heapMb !== null)
    scenarios.push({
      simUrl,
      cases,
      latencyMs: 20,
      concurrency: 64,
      mode: 'ipc-store',
      cache: false,
      heapMb: Number(heapMb),
    });
}

const rows = [];
const raw = new Map();
const floors = new Map();
try {
  for (const scenario of scenarios) {
    const loadBefore = load();
    const result = await runScenario(scenario);
    const limitMs = (scenario.cases * scenario.latencyMs) / scenario.concurrency;
    const key = `${scenario.cases}/${scenario.latencyMs}/${scenario.concurrency}`;
    if (scenario.mode === 'raw') raw.set(key, result.wallMs);
    if (scenario.mode === 'http') floors.set(key, result.wallMs);
    const floor = raw.get(key);
    const httpFloor = floors.get(key);
    const label = scenario.label ?? scenario.mode;
    const mode = scenario.heapMb === undefined ? label : `${label}, heap ≤ ${scenario.heapMb} MB`;
    rows.push(
      `| ${scenario.cases} | ${scenario.latencyMs} ms | ${scenario.concurrency} | ${mode} | ${(result.wallMs / 1000).toFixed(2)} s | ${(limitMs / 1000).toFixed(2)} s | ${(result.wallMs / limitMs).toFixed(2)}× | ${httpFloor === undefined ? 'n/a' : `${(result.wallMs / httpFloor).toFixed(2)}×`} | ${floor === undefined ? 'n/a' : `${(result.wallMs / floor).toFixed(2)}×`} | ${(result.cpuMs / scenario.cases).toFixed(2)} ms | ${(result.peakRss / 2 ** 20).toFixed(0)} MB | ${result.storePeakRss ? `${(result.storePeakRss / 2 ** 20).toFixed(0)} MB` : 'n/a'} | ${result.passed}/${result.stored ?? result.completed} | ${loadBefore} |`,
    );
    console.error(rows.at(-1));
  }
} finally {
  sim.kill();
}

console.log(
  '| cases | latency | concurrency | mode | wall | limit | wall ÷ limit | wall ÷ node:http | wall ÷ plain SDK | CPU per case | peak RSS | store process peak RSS | passed/stored | load avg before |',
);
console.log('|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const row of rows) console.log(row);
