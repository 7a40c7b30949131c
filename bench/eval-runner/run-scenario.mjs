// Child process of runner.bench.mjs: one scenario, alone in its process so its peak RSS is its own.
// Writes a dataset and a suite, then either runs it with runSuite (the built @sextant/eval) into
// a ClickHouse result store, or makes the same calls with the plain OpenAI SDK and a minimal pool
// (`raw`: what the official SDK costs), or with `node:http` and no SDK at all (`http`: the floor
// of this machine and simulator). Prints one JSON line.
/* global performance, setInterval, clearInterval, Buffer */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { ClickHouseResultStore, openClickHouse } from '@sextant/clickhouse';
import { openIpcResultStore } from './ipc-result-store.mjs';

const {
  simUrl,
  cases,
  latencyMs,
  concurrency,
  mode,
  cache,
  build,
  transport,
  client: targetClient,
  storeCpu,
} = JSON.parse(process.argv[2]);
// `build`: another build of @sextant/eval (its dist/index.js), e.g. an earlier commit's.
const { loadSuite, runSuite } = await import(build ?? '@sextant/eval');
const model = `bench-${latencyMs}ms`;
const directory = mkdtempSync(join(tmpdir(), 'sextant-bench-eval-'));
const result = { mode, cases, latencyMs, concurrency };

// Peak RSS sampled every 100 ms as well as the kernel's high-water mark, so growth is visible.
let sampledPeak = 0;
const sampler = setInterval(
  () => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)),
  100,
);

try {
  if (mode === 'http') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const url = new URL(simUrl);
    const call = (index) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({
          model,
          stream: true,
          messages: [{ role: 'user', content: `Reply with exactly: answer ${index}` }],
        });
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: '/v1/chat/completions',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              authorization: 'Bearer bench',
              'content-length': Buffer.byteLength(body),
            },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () =>
              text.includes('[DONE]') ? resolve() : reject(new Error('stream did not end')),
            );
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases) await call(next++);
      }),
    );
    result.wallMs = performance.now() - started;
    result.completed = cases;
    result.passed = cases;
  } else if (mode === 'raw') {
    const client = new OpenAI({ apiKey: 'bench', baseURL: `${simUrl}/v1`, maxRetries: 0 });
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < cases) {
        const index = next++;
        const stream = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: `Reply with exactly: answer ${index}` }],
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
        if (text !== `answer ${index}`) throw new Error(`unexpected answer ${text}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    result.wallMs = performance.now() - started;
    result.completed = cases;
    result.passed = cases;
  } else {
    const rows = ['id,answer'];
    for (let index = 0; index < cases; index += 1) rows.push(`c${index},answer ${index}`);
    writeFileSync(join(directory, 'cases.csv'), `${rows.join('\n')}\n`);
    writeFileSync(
      join(directory, 'suite.yaml'),
      [
        'name: bench',
        'prompts:',
        '  - id: v1',
        '    messages: [{ role: user, content: "Reply with exactly: {{answer}}" }]',
        'dataset: cases.csv',
        'targets:',
        `  - { id: sim, provider: openai, model: ${model}, baseURL: "${simUrl}/v1", apiKeyEnv: BENCH_KEY, maxRetries: 0, price: { inputPerMillion: 1, outputPerMillion: 2 }${transport === undefined ? '' : `, transport: ${transport}`}${targetClient === undefined ? '' : `, client: ${targetClient}`} }`,
        'scorers:',
        '  - { type: equals, value: "{{answer}}" }',
        `concurrency: ${concurrency}`,
        'timeoutMs: 30000',
      ].join('\n'),
    );
    const database = `bench_${process.pid}`;
    const dataDir = join(directory, 'clickhouse');
    let store;
    let closeStore;
    let count;
    let storePeakRss = null;
    if (mode === 'ipc-store') {
      const ipc = await openIpcResultStore({ dataDir, database, cpu: storeCpu });
      store = ipc;
      count = (runId) => ipc.count(runId);
      closeStore = async () => {
        storePeakRss = await ipc.peakRss();
        await ipc.close();
      };
    } else {
      const clickhouse = await openClickHouse({ url: '', dataDir, database });
      store = new ClickHouseResultStore({ clickhouse });
      count = async (runId) => {
        const rows = await clickhouse.client.query({
          query: `SELECT count() AS rows FROM \`${database}\`.sextant_eval_results FINAL WHERE run_id = {runId:String}`,
          query_params: { runId },
          format: 'JSONEachRow',
        });
        return Number((await rows.json())[0]?.rows ?? 0);
      };
      closeStore = async () => {
        await store.close();
        await clickhouse.close();
      };
    }
    const loadStarted = performance.now();
    const suite = await loadSuite({ file: join(directory, 'suite.yaml') });
    result.loadMs = performance.now() - loadStarted;
    const started = performance.now();
    const summary = await runSuite({
      suite,
      store,
      environment: { BENCH_KEY: 'bench' },
      cache: cache ? { directory: join(directory, 'cache') } : { enabled: false },
    });
    result.wallMs = performance.now() - started;
    result.completed = summary.counts.completed;
    result.passed = summary.counts.passed;
    result.errors = summary.counts.errors;
    result.stored = await count(summary.runId);
    await closeStore();
    result.storePeakRss = storePeakRss;
  }
  clearInterval(sampler);
  result.peakRss = Math.max(process.resourceUsage().maxRSS * 1024, sampledPeak);
  result.cpuMs = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  console.log(JSON.stringify(result));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
