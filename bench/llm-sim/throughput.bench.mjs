// Requests per second the simulator sustains on loopback with zero latency, non-streaming and
// streaming (50 content chunks), against a baseline Node server that answers pre-built bodies of
// the same shape. The server runs in a child process pinned to CPU 0, the load generator here on
// CPU 1 (when `taskset` exists). Build first: `pnpm --filter @sextant/llm-sim build`.
// Usage: node bench/llm-sim/throughput.bench.mjs [--seconds 5] [--concurrency 32]
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runLoad } from './load-generator.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
  },
});
const durationMs = Number(values.seconds) * 1000;
const concurrency = Number(values.concurrency);
const pinned =
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-cp', '1', String(process.pid)]).status === 0;

async function startServer(args) {
  const command = pinned ? 'taskset' : process.execPath;
  const commandArgs = pinned
    ? ['-c', '0', process.execPath, 'sim-server.mjs', ...args]
    : ['sim-server.mjs', ...args];
  const child = spawn(command, commandArgs, {
    cwd: new URL('.', import.meta.url),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [url] = await once(createInterface({ input: child.stdout }), 'line');
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** CPU seconds (user + system) a process has used, from /proc; null where /proc is absent. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

const topics = Array.from(
  { length: 64 },
  (_, index) => `Tell me something about harbour number ${index}`,
);
const tickets = Array.from(
  { length: 64 },
  (_, index) =>
    [
      `I was charged twice for order ${index}, refund ASAP`,
      `My package ${index} never arrived`,
      `Error ${index} when I log in`,
    ][index % 3],
);
const chatBody = (content, extra = {}) =>
  JSON.stringify({
    model: 'bench-model',
    messages: [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content },
    ],
    ...extra,
  });
const triageBody = (content) =>
  JSON.stringify({
    model: 'bench-model',
    messages: [
      { role: 'system', content: 'You triage support tickets.' },
      { role: 'user', content },
    ],
  });
const messagesBody = (content, extra = {}) =>
  JSON.stringify({
    model: 'bench-model',
    max_tokens: 200,
    messages: [{ role: 'user', content }],
    ...extra,
  });

const ok = (status) => status === 200;
const openaiStreamOk = (status, body) => status === 200 && body.endsWith('data: [DONE]\n\n');
const anthropicStreamOk = (status, body) => status === 200 && body.includes('event: message_stop');
const openaiHeaders = { authorization: 'Bearer bench' };
const anthropicHeaders = { 'x-api-key': 'bench', 'anthropic-version': '2023-06-01' };

const scenarios = [
  {
    name: 'baseline: fixed JSON body',
    server: 'baseline',
    path: '/',
    headers: {},
    bodies: topics.map((t) => chatBody(t)),
    check: ok,
    group: 'json',
  },
  {
    name: 'chat completion, free-form 50 tokens',
    server: 'sim',
    path: '/v1/chat/completions',
    headers: openaiHeaders,
    bodies: topics.map((t) => chatBody(t)),
    check: ok,
    group: 'json',
  },
  {
    name: 'chat completion, triage rule',
    server: 'sim',
    path: '/v1/chat/completions',
    headers: openaiHeaders,
    bodies: tickets.map(triageBody),
    check: ok,
    group: 'json',
  },
  {
    name: 'chat completion, request log on',
    server: 'sim-log',
    path: '/v1/chat/completions',
    headers: openaiHeaders,
    bodies: topics.map((t) => chatBody(t)),
    check: ok,
    group: 'json',
  },
  {
    name: 'anthropic message, 50 tokens',
    server: 'sim',
    path: '/v1/messages',
    headers: anthropicHeaders,
    bodies: topics.map((t) => messagesBody(t)),
    check: ok,
    group: 'json',
  },
  {
    name: 'baseline: fixed 50-chunk SSE body',
    server: 'baseline',
    path: '/',
    headers: { 'x-bench-stream': '1' },
    bodies: topics.map((t) => chatBody(t)),
    check: openaiStreamOk,
    group: 'stream',
  },
  {
    name: 'chat completion stream, 50 chunks + usage',
    server: 'sim',
    path: '/v1/chat/completions',
    headers: openaiHeaders,
    bodies: topics.map((t) =>
      chatBody(t, { stream: true, stream_options: { include_usage: true } }),
    ),
    check: openaiStreamOk,
    group: 'stream',
  },
  {
    name: 'anthropic message stream, 50 deltas',
    server: 'sim',
    path: '/v1/messages',
    headers: anthropicHeaders,
    bodies: topics.map((t) => messagesBody(t, { stream: true })),
    check: anthropicStreamOk,
    group: 'stream',
  },
];

const servers = {
  baseline: await startServer(['baseline']),
  sim: await startServer(['sim', 'off']),
  'sim-log': await startServer(['sim', 'on']),
};
const rows = [];
const baselines = {};
try {
  for (const scenario of scenarios) {
    const options = {
      url: servers[scenario.server].url,
      path: scenario.path,
      headers: scenario.headers,
      bodies: scenario.bodies,
      concurrency,
      check: scenario.check,
    };
    await runLoad({ ...options, durationMs: 1500 });
    const server = servers[scenario.server];
    const cpuBefore = cpuSeconds(server.pid);
    const result = await runLoad({ ...options, durationMs });
    const cpuAfter = cpuSeconds(server.pid);
    result.perCpuSecond =
      cpuBefore === null || cpuAfter === null ? NaN : result.completed / (cpuAfter - cpuBefore);
    result.serverCpu =
      cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) / (durationMs / 1000);
    if (scenario.server === 'baseline') baselines[scenario.group] = result.perCpuSecond;
    rows.push({ ...scenario, ...result, ratio: result.perCpuSecond / baselines[scenario.group] });
  }
} finally {
  for (const server of Object.values(servers)) server.stop();
}

console.log(
  `llm-sim throughput: ${values.seconds}s per row after 1.5s warm-up, ${concurrency} keep-alive connections, server ${pinned ? 'pinned to CPU 0, load generator to CPU 1' : 'not pinned (no taskset or one CPU)'}\n`,
);
// "per server CPU-second" is the capacity of one fully busy core: completed requests divided by
// the CPU time the server process used, so it holds even when the load generator or other load
// on the machine keeps the server below 100 % of its core.
console.log(
  '| scenario | req/s | server CPU | req per server CPU-second | vs baseline (per CPU-s) | p50 ms | p99 ms | failed |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.name} | ${Math.round(row.perSecond)} | ${(row.serverCpu * 100).toFixed(0)} % | ${Math.round(row.perCpuSecond)} | ${row.ratio.toFixed(2)}× | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.failed} |`,
  );
}
const failures = rows.filter((row) => row.failed > 0 || row.completed === 0);
if (failures.length > 0) {
  console.error(`\n${failures.length} scenario(s) had failed responses`);
  process.exitCode = 1;
}
