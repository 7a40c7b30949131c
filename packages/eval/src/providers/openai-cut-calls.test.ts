/**
 * How an `openai` call ends when time runs out or the caller stops it, on both clients, against
 * a tiny server that answers what each test scripts (a 429 asking for a long wait, a 500 that
 * must not be retried, a stream that sends one chunk and stalls). The `http` client's whole-call
 * timeout, abortable retry waits and its error for a stream cut part-way; on `client: sdk`, a
 * stream cut by the caller's signal (the runner's timeout) is an error too, not a short answer.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createLlmCallCollector } from '@sextant/instrumentation';
import { afterEach, describe, expect, it } from 'vitest';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load-suite.js';
import { openTestStore } from '../test-support/test-store.js';
import { classifyError, createRedactor } from './classify-error.js';
import { openAiProvider } from './openai-provider.js';

const KEY = 'sk-cut-calls-test-0a1b2c3d4e5f';

type Scenario =
  | 'wait-5s'
  | 'wait-then-hang'
  | 'wait-ms-only'
  | 'no-retry-500'
  | 'bad-request'
  | 'html-200'
  | 'stall';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-cut',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'cut-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;

function answer(response: ServerResponse, stream: boolean): void {
  if (!stream) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'chatcmpl-cut',
        object: 'chat.completion',
        created: 1,
        model: 'cut-model',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'whole' }, finish_reason: 'stop' },
        ],
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.end(
    chunk({ role: 'assistant', content: 'whole' }) + chunk({}, 'stop') + 'data: [DONE]\n\n',
  );
}

/** A server whose answer depends on the request's `x-scenario` header; counts requests. */
async function startServer(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    const attempt = requests;
    let text = '';
    request.on('data', (piece: Buffer) => (text += piece.toString()));
    request.on('end', () => {
      const stream = (JSON.parse(text) as { stream?: boolean }).stream === true;
      const error = (status: number, headers: Record<string, string>) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify({ error: { message: `scripted ${status}`, type: 'test' } }));
      };
      switch (request.headers['x-scenario'] as Scenario) {
        case 'wait-5s':
          error(429, { 'retry-after-ms': '5000', 'retry-after': '5' });
          return;
        case 'html-200':
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<html><body>gateway login</body></html>');
          return;
        case 'wait-then-hang':
          if (attempt === 1) error(429, { 'retry-after-ms': '500' });
          return; // the second attempt gets no answer
        case 'wait-ms-only':
          if (attempt === 1) error(429, { 'retry-after-ms': '900' });
          else answer(response, stream);
          return;
        case 'bad-request':
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ error: { message: 'max_tokens exceeds the context', type: 'x' } }),
          );
          return;
        case 'no-retry-500':
          error(500, { 'x-should-retry': 'false' });
          return;
        case 'stall':
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(chunk({ role: 'assistant', content: 'partial' }));
          return; // and never more
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, requests: () => requests };
}

async function call(options: {
  client: 'http' | 'sdk';
  scenario: Scenario;
  parameters?: Record<string, unknown>;
  /** The key the target is given (default a long test key). */
  apiKey?: string;
  timeoutMs: number;
  maxRetries?: number;
  /** Aborts the call's signal after this long, with this reason (the runner's timeout). */
  abort?: { afterMs: number; reason?: unknown };
  /** Tells the client the signal covers its timeout (as the runner does). */
  deadlineCovered?: boolean;
}) {
  const server = await startServer();
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const provider = await openAiProvider.create({
    target: {
      id: 'cut',
      provider: 'openai',
      model: 'cut-model',
      parameters: options.parameters ?? {},
      apiKeyEnv: 'CUT_KEY',
      maxRetries: options.maxRetries ?? 2,
      options: {
        baseURL: server.url,
        client: options.client,
        headers: { 'x-scenario': options.scenario },
      },
    },
    environment: { CUT_KEY: options.apiKey ?? KEY },
    suiteDirectory: '.',
    prices: {},
    timeoutMs: options.timeoutMs,
    concurrency: 1,
    tracerProvider,
  });
  const controller = new AbortController();
  const { abort } = options;
  // A negative delay: aborted before the call.
  if (abort !== undefined && abort.afterMs < 0) controller.abort(abort.reason);
  const timer =
    abort === undefined || abort.afterMs < 0
      ? undefined
      : setTimeout(() => controller.abort(abort.reason), abort.afterMs);
  const collector = createLlmCallCollector();
  const started = performance.now();
  let response: unknown = null;
  let error: unknown = null;
  try {
    response = await provider.call({
      messages: [{ role: 'user', content: 'hello' }],
      tools: [],
      responseFormat: null,
      signal: controller.signal,
      ...(options.deadlineCovered === undefined
        ? {}
        : { deadlineCovered: options.deadlineCovered }),
      vars: {},
      collector,
    });
  } catch (caught) {
    error = caught;
  }
  const elapsedMs = performance.now() - started;
  clearTimeout(timer);
  await provider.close?.();
  await tracerProvider.forceFlush();
  return {
    response,
    error: error === null ? null : classifyError(error, createRedactor([KEY])),
    elapsedMs,
    requests: server.requests(),
    spans: exporter.getFinishedSpans(),
    records: collector.calls.map((collected) => collected.record),
  };
}

describe('client http', () => {
  it('times out the whole call, the wait between attempts included', async () => {
    // 500 ms of wait, then an attempt that hangs: the SDK's per-attempt timeout would end it
    // at ~1200 ms, the whole-call timeout at ~700.
    const outcome = await call({ client: 'http', scenario: 'wait-then-hang', timeoutMs: 700 });
    expect(outcome.error?.type).toBe('timeout');
    expect(outcome.requests).toBe(2);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(680);
    expect(outcome.elapsedMs).toBeLessThan(1100);
    expect(outcome.spans[0]?.attributes['error.type']).toBe('timeout');
    expect(outcome.records[0]).toMatchObject({ errorType: 'timeout', attempts: 2 });
  });

  it('fails at once with the 429 when its wait would outlast the timeout', async () => {
    const outcome = await call({ client: 'http', scenario: 'wait-5s', timeoutMs: 1000 });
    expect(outcome.error).toEqual({ type: 'rate_limit', message: '429 scripted 429' });
    expect(outcome.requests).toBe(1);
    expect(outcome.elapsedMs).toBeLessThan(500);
    expect(outcome.spans[0]?.attributes['error.type']).toBe('429');
  });

  it('ends a retry wait at once when the call is aborted', async () => {
    const outcome = await call({
      client: 'http',
      scenario: 'wait-5s',
      timeoutMs: 20_000,
      abort: { afterMs: 200 },
    });
    expect(outcome.error?.type).toBe('aborted');
    expect(outcome.requests).toBe(1);
    expect(outcome.elapsedMs).toBeLessThan(2500);
    expect(outcome.spans[0]?.attributes['error.type']).toBe('APIUserAbortError');
  });

  it.each([
    ['aborted', { abort: { afterMs: 250 }, timeoutMs: 20_000 }, 'APIUserAbortError'],
    ['timeout', { timeoutMs: 300 }, 'timeout'],
  ] as const)('fails a stream cut part-way (%s), the span an error', async (type, cut, name) => {
    const outcome = await call({ client: 'http', scenario: 'stall', ...cut });
    expect(outcome.response).toBeNull();
    expect(outcome.error?.type).toBe(type);
    expect(outcome.elapsedMs).toBeLessThan(2500);
    expect(outcome.spans).toHaveLength(1);
    expect(outcome.spans[0]?.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(outcome.spans[0]?.attributes['error.type']).toBe(name);
  });

  it("reports a caller's abort named TimeoutError as a timeout, with its own timer or without", async () => {
    for (const deadlineCovered of [false, true]) {
      const outcome = await call({
        client: 'http',
        scenario: 'stall',
        timeoutMs: 20_000,
        abort: { afterMs: 200, reason: new DOMException('timed out', 'TimeoutError') },
        deadlineCovered,
      });
      expect({
        deadlineCovered,
        error: outcome.error?.type,
        recorded: outcome.records[0]?.errorType,
      }).toEqual({ deadlineCovered, error: 'timeout', recorded: 'timeout' });
      expect(outcome.elapsedMs).toBeLessThan(2500);
    }
  });
});

describe.each(['http', 'sdk'] as const)('client %s', (client) => {
  it('waits what retry-after-ms alone says, then succeeds', async () => {
    const outcome = await call({ client, scenario: 'wait-ms-only', timeoutMs: 10_000 });
    expect(outcome.error).toBeNull();
    expect(outcome.response).toMatchObject({ output: 'whole' });
    expect(outcome.requests).toBe(2);
    // 900 ms asked; the default backoff would be 375-500 ms.
    const backoffMs = Number((outcome.records[0] as { backoffMs?: unknown }).backoffMs);
    expect(backoffMs).toBeGreaterThanOrEqual(880);
    expect(backoffMs).toBeLessThan(1500);
  });

  it('does not retry a 500 that says x-should-retry: false', async () => {
    const outcome = await call({ client, scenario: 'no-retry-500', timeoutMs: 10_000 });
    expect(outcome.error?.type).toBe('server_error');
    expect(outcome.requests).toBe(1);
  });

  it("leaves a short placeholder key's letters in error messages", async () => {
    const outcome = await call({ client, scenario: 'bad-request', timeoutMs: 10_000, apiKey: 'x' });
    expect(outcome.error).toEqual({
      type: 'bad_request',
      message: '400 max_tokens exceeds the context',
    });
  });

  it('fails a 200 that is not JSON as a provider error', async () => {
    const outcome = await call({
      client,
      scenario: 'html-200',
      timeoutMs: 10_000,
      parameters: { stream: false },
    });
    expect(outcome.response).toBeNull();
    expect(outcome.error?.type).toBe('provider_error');
    // On purpose: the http client reads the body inside the call, so its span says the call
    // failed; the SDK hands the text back and the failure comes after its span ended.
    expect(outcome.spans[0]?.status.code).toBe(client === 'http' ? 2 : 0);
  });

  it('makes no request and records no attempt for a signal already aborted', async () => {
    const outcome = await call({
      client,
      scenario: 'stall',
      timeoutMs: 10_000,
      abort: { afterMs: -1 },
    });
    expect(outcome.error?.type).toBe('aborted');
    expect(outcome.requests).toBe(0);
    expect(outcome.records[0]).toMatchObject({ attempts: 0, errorType: 'APIUserAbortError' });
    expect(
      outcome.spans[0]?.events.filter((event) => event.name === 'sextant.http.attempt'),
    ).toEqual([]);
  });

  it("fails a stream cut part-way by the caller's signal (the runner's timeout), not a short answer", async () => {
    const outcome = await call({
      client,
      scenario: 'stall',
      timeoutMs: 20_000,
      abort: { afterMs: 300, reason: new Error('timed out after 300 ms') },
    });
    expect(outcome.response).toBeNull();
    expect(outcome.error?.type).toBe('aborted');
    expect(outcome.elapsedMs).toBeLessThan(2500);
  });
});

it("client sdk: a stream cut by the runner's timeout is a timeout, neither scored nor cached", async () => {
  const server = await startServer();
  const directory = await mkdtemp(join(tmpdir(), 'sextant-cut-calls-'));
  await writeFile(join(directory, 'cases.csv'), 'id,ticket\nc1,hello\n');
  await writeFile(
    join(directory, 'suite.yaml'),
    [
      'name: cut-calls',
      'prompts:',
      '  - id: v1',
      '    messages: [{ role: user, content: "{{ticket}}" }]',
      'dataset: cases.csv',
      'targets:',
      `  - { id: sdk, provider: openai, model: cut-model, client: sdk, baseURL: "${server.url}", apiKeyEnv: CUT_KEY, maxRetries: 0, headers: { x-scenario: stall } }`,
      'scorers:',
      '  - { type: contains, value: partial }',
      'timeoutMs: 300',
    ].join('\n'),
  );
  const suite = await loadSuite({ file: join(directory, 'suite.yaml'), cwd: directory });
  const testStore = await openTestStore();
  try {
    const cache = { directory: join(directory, 'cache') };
    for (const run of [1, 2]) {
      const summary = await runSuite({
        suite,
        store: testStore.store,
        environment: { CUT_KEY: KEY },
        cache,
      });
      const [result] = await testStore.results(summary.runId);
      expect({ run, status: result?.status, errorType: result?.errorType }).toEqual({
        run,
        status: 'error',
        errorType: 'timeout',
      });
      expect(result?.cacheHit).toBe(false);
      expect(server.requests()).toBe(run);
    }
  } finally {
    await testStore.close();
  }
});
