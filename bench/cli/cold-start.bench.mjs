// Cold start of the `sextant` binary: `--help` (yargs only; target < 150 ms) and `runs` (opens
// the embedded ClickHouse, never the OpenTelemetry SDK), against `node -e 0` measured in the
// same rounds, interleaved, so the ratios hold on a busy machine. Needs the built CLI
// (`pnpm --filter sextant... build`). Prints a Markdown table.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../packages/cli/bin/sextant.js', import.meta.url));
const yargsPath = createRequire(bin).resolve('yargs');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const cwd = mkdtempSync(join(tmpdir(), 'sextant-bench-cli-'));
const environment = { ...process.env };
delete environment.SEXTANT_CLICKHOUSE_URL;

const commands = [
  { name: '`node -e 0` (baseline)', args: ['-e', '0'] },
  // yargs alone (its CommonJS build, as the CLI loads it), to see what the CLI's own modules add.
  { name: '`node -e "require(\'yargs\')"`', args: ['-e', `require(${JSON.stringify(yargsPath)})`] },
  { name: '`sextant --help`', args: [bin, '--help'] },
  { name: '`sextant --version`', args: [bin, '--version'] },
  { name: '`sextant runs` (embedded, 0 runs)', args: [bin, 'runs'] },
];

function once(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

once([bin, 'db', 'migrate']); // the database exists before `runs` is timed
for (const command of commands) once(command.args); // warm the file cache
const samples = commands.map(() => []);
for (let round = 0; round < rounds; round += 1) {
  commands.forEach((command, index) => samples[index].push(once(command.args)));
}
rmSync(cwd, { recursive: true, force: true });

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const baseline = quantile(samples[0], 0.5);
console.log(`${rounds} interleaved rounds, wall time of the whole process (spawn to exit)\n`);
console.log('| command | median | p90 | min | median ÷ node -e 0 | median − node -e 0 |');
console.log('|---|---|---|---|---|---|');
commands.forEach((command, index) => {
  const median = quantile(samples[index], 0.5);
  console.log(
    `| ${command.name} | ${median.toFixed(0)} ms | ${quantile(samples[index], 0.9).toFixed(0)} ms | ${Math.min(...samples[index]).toFixed(0)} ms | ${(median / baseline).toFixed(2)}× | ${(median - baseline).toFixed(0)} ms |`,
  );
});
const help = quantile(samples[2], 0.5);
console.log(
  `\n\`sextant --help\` median ${help.toFixed(0)} ms: ${help < 150 ? 'within' : 'OVER'} the 150 ms target.`,
);
