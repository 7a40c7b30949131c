// Instructions per call of each variant, a figure that does not depend on the machine's load:
// `valgrind --tool=cachegrind --cache-sim=no` around `node --single-threaded` (so GC and compiler
// work is counted on the one thread valgrind serialises anyway) running one variant for a short
// and a long batch of calls after the same warm-up; per call = the difference / the extra calls,
// so start-up, warm-up and shutdown cancel out. Repeat runs of one variant still differ by
// tens of thousands of instructions per call (JIT timing, GC placement): compare differences
// of that size with care.
//
// Run alone: `pnpm --filter @sextant/instrumentation build && node bench/instrumentation/instructions.bench.mjs`
// Options (environment): BENCH_VARIANTS (raw,span-floor,sextant,<builds>,<peers>),
// BENCH_KINDS (plain,stream), BENCH_REPEATS (1).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BUILDS, PEERS, setUpVariants } from './variant-setup.mjs';

const WARMUP = { plain: 300, stream: 60 };
const SHORT = { plain: 200, stream: 50 };
const LONG = { plain: 1200, stream: 250 };
const VARIANTS = (
  process.env.BENCH_VARIANTS ?? ['raw', 'span-floor', ...BUILDS.keys(), 'sextant', ...PEERS].join()
).split(',');
const KINDS = (process.env.BENCH_KINDS ?? 'plain,stream').split(',');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 1);

const variantIndex = process.argv.indexOf('--variant');
if (variantIndex === -1) await runParent();
else await runChild();

function countInstructions({ variant, kind, calls }) {
  const args = [
    '--tool=cachegrind',
    '--cache-sim=no',
    '--cachegrind-out-file=/dev/null',
    process.execPath,
    '--single-threaded',
    fileURLToPath(import.meta.url),
    '--variant',
    variant,
    '--kind',
    kind,
    '--calls',
    String(calls),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data) => (stderr += data));
    child.on('close', (code) => {
      const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
      if (code !== 0 || match === null) {
        reject(new Error(`valgrind ${variant} ${kind} ${calls} failed (${code}):\n${stderr}`));
      } else resolve(Number(match[1].replaceAll(',', '')));
    });
  });
}

async function runParent() {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.log('valgrind is not installed: no instruction counts (apt-get install valgrind).');
    return;
  }
  const jobs = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const variant of VARIANTS) {
      for (const kind of KINDS) jobs.push({ variant, kind, repeat });
    }
  }
  // Two valgrind processes at a time (instruction counts do not depend on sharing the cores).
  const perCall = new Map();
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      const short = await countInstructions({ ...job, calls: SHORT[job.kind] });
      const long = await countInstructions({ ...job, calls: LONG[job.kind] });
      const key = `${job.variant} ${job.kind}`;
      perCall.set(key, [
        ...(perCall.get(key) ?? []),
        (long - short) / (LONG[job.kind] - SHORT[job.kind]),
      ]);
    }
  };
  await Promise.all([worker(), worker()]);
  const thousands = (value) => `${Math.round(value / 1000).toLocaleString('en')}k`;
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  console.log(
    `node ${process.version} --single-threaded under cachegrind, instructions per call (mean of ${REPEATS} run pair(s))\n`,
  );
  const header = KINDS.flatMap((kind) => [
    `${kind} per call`,
    `${kind} over raw`,
    `${kind} over floor`,
  ]);
  console.log(`| variant | ${header.join(' | ')} |`);
  console.log(`|---|${header.map(() => '---:').join('|')}|`);
  for (const variant of VARIANTS) {
    const cells = KINDS.flatMap((kind) => {
      const own = mean(perCall.get(`${variant} ${kind}`));
      const over = (baseline) => {
        const base = perCall.get(`${baseline} ${kind}`);
        return base === undefined || baseline === variant ? '—' : thousands(own - mean(base));
      };
      return [thousands(own), over('raw'), over('span-floor')];
    });
    console.log(`| ${variant} | ${cells.join(' | ')} |`);
  }
}

async function runChild() {
  const argument = (name) => process.argv[process.argv.indexOf(name) + 1];
  const variantName = argument('--variant');
  const kind = argument('--kind');
  const calls = Number(argument('--calls'));
  const { variants, tracerProvider } = await setUpVariants({ names: [variantName] });
  const variant = variants.get(variantName);
  variant.enter();
  for (let index = 0; index < WARMUP[kind]; index += 1) await variant[kind]();
  for (let index = 0; index < calls; index += 1) await variant[kind]();
  variant.leave();
  await tracerProvider.shutdown();
}
