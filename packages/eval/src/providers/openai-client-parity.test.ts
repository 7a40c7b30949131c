/**
 * `client: http` against `client: sdk` over real HTTP, request for request: each client gets its
 * own simulator started alike (the simulator counts attempts per identical request, so the n-th
 * request of either run meets the same fault and the same answer), and the same scenarios in the
 * same order. Compared: the ProviderResponse, the classified error (type, and message for HTTP
 * errors), the requests the simulator saw, what `onResponse` was told, the call records and every
 * span attribute and attempt event.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createLlmCallCollector } from '@sextant/instrumentation';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import { afterEach, expect, it } from 'vitest';
import { testCatalog } from '../test-support/test-catalog.js';
import type { ResponseFormat, ToolDefinition } from '../suite/suite-definition.js';
import { classifyError, createRedactor } from './classify-error.js';
import { openAiProvider } from './openai-provider.js';
import type { ResponseObservation } from './provider.js';

const KEY = 'sk-sim-parity-test-7f6e5d4c3b2a1908';
const WRONG_KEY = 'sk-sim-not-the-parity-key-000000';

/**
 * Span attributes that differ between the clients for a reason, and why:
 * - `server.port`: each client talks to its own simulator;
 * - `sextant.retry.backoff_ms`, `gen_ai.response.time_to_first_chunk`: measured times (the wait
 *   between attempts is jittered and scheduled; the first chunk comes when it comes).
 * `error.type` is compared on every span, failures without an HTTP status included (`timeout`,
 * `APIUserAbortError`, `APIConnectionError` on both clients).
 */
const DIFFERING_ATTRIBUTES = new Set([
  'server.port',
  'sextant.retry.backoff_ms',
  'gen_ai.response.time_to_first_chunk',
]);
/** Event attributes: how long each attempt took. */
const DIFFERING_EVENT_ATTRIBUTES = new Set(['sextant.attempt.duration_ms']);
/**
 * An attempt cut by the timeout: the SDK aborts its fetch without a reason, so the attempt's error
 * reads `AbortError` whatever stopped it; ours aborts with the reason, `TimeoutError`.
 */
const ATTEMPT_ERRORS: Record<string, string> = { TimeoutError: 'AbortError' };

interface Scenario {
  name: string;
  content?: string;
  parameters?: Record<string, unknown>;
  headers?: Record<string, string>;
  maxRetries?: number;
  timeoutMs?: number;
  tools?: ToolDefinition[];
  responseFormat?: ResponseFormat;
  apiKeyEnv?: string;
  refused?: boolean;
  abortAfterMs?: number;
}

const LOOKUP_TOOL: ToolDefinition = {
  name: 'lookup_order',
  description: 'Finds an order by its number.',
  parameters: {
    type: 'object',
    properties: { order: { type: 'string' } },
    required: ['order'],
  },
};

const SCENARIOS: Scenario[] = [
  { name: 'streamed' },
  { name: 'whole', parameters: { stream: false, max_tokens: 300 } },
  { name: 'tool call, streamed', content: 'Where is order 42?', tools: [LOOKUP_TOOL] },
  {
    name: 'tool call, whole',
    content: 'Where is order 43?',
    tools: [LOOKUP_TOOL],
    parameters: { stream: false },
  },
  {
    name: 'json schema',
    content: 'Reply as JSON',
    responseFormat: {
      type: 'json_schema',
      name: 'reply',
      schema: { type: 'object', properties: { answer: { type: 'string' } } },
    },
  },
  {
    name: 'json object, whole',
    responseFormat: { type: 'json_object' },
    parameters: { stream: false },
  },
  {
    name: '429 then success',
    headers: { 'x-sim-fault': 'rate_limit,none', 'x-sim-retry-after': '0.05' },
  },
  {
    name: '5xx then success',
    headers: { 'x-sim-fault': 'server_error,server_error,none', 'x-sim-retry-after': '0.02' },
    parameters: { stream: false },
  },
  {
    name: '429 after the retries',
    maxRetries: 1,
    headers: { 'x-sim-fault': 'rate_limit', 'x-sim-retry-after': '0.01' },
  },
  { name: '400', parameters: { max_tokens: 'many' } },
  { name: '401', apiKeyEnv: 'WRONG_KEY' },
  { name: 'timeout', headers: { 'x-sim-fault': 'hang' }, maxRetries: 0, timeoutMs: 300 },
  { name: 'connection refused', refused: true, maxRetries: 1 },
  { name: 'abort', headers: { 'x-sim-fault': 'hang' }, abortAfterMs: 100 },
];

const sims: LlmSim[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Outcome {
  response: unknown;
  error: { type: string; message: string } | null;
  status: number | null;
  requestsSeen: number;
  observations: ResponseObservation[];
}

async function runScenarios(client: 'sdk' | 'http', refusedPort: number) {
  const sim = await startLlmSim({
    port: 0,
    catalog: testCatalog,
    seed: 17,
    apiKeys: [KEY],
    latencyScale: 0,
    now: () => Date.UTC(2026, 10, 26),
  });
  sims.push(sim);
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const redact = createRedactor([KEY, WRONG_KEY]);
  const outcomes: Outcome[] = [];
  const records: unknown[] = [];
  for (const scenario of SCENARIOS) {
    const observations: ResponseObservation[] = [];
    const baseURL = scenario.refused ? `http://127.0.0.1:${refusedPort}/v1` : `${sim.url}/v1`;
    const provider = await openAiProvider.create({
      target: {
        id: 'parity',
        provider: 'openai',
        model: 'sim-perfect',
        parameters: scenario.parameters ?? {},
        apiKeyEnv: scenario.apiKeyEnv ?? 'SIM_KEY',
        maxRetries: scenario.maxRetries ?? 2,
        options: {
          baseURL,
          client,
          ...(scenario.headers === undefined ? {} : { headers: scenario.headers }),
        },
      },
      environment: { SIM_KEY: KEY, WRONG_KEY },
      suiteDirectory: '.',
      prices: { 'sim-perfect': { inputPerMillion: 3, outputPerMillion: 15 } },
      timeoutMs: scenario.timeoutMs ?? 5000,
      concurrency: 4,
      tracerProvider,
      onResponse: (observation) => observations.push(observation),
    });
    const collector = createLlmCallCollector();
    const controller = new AbortController();
    const timer =
      scenario.abortAfterMs === undefined
        ? undefined
        : setTimeout(() => controller.abort(), scenario.abortAfterMs);
    const requestsBefore = sim.requests.length;
    let response: unknown = null;
    let error: unknown = null;
    try {
      response = await provider.call({
        messages: [{ role: 'user', content: scenario.content ?? 'say exactly: parity holds' }],
        tools: scenario.tools ?? [],
        responseFormat: scenario.responseFormat ?? null,
        signal: controller.signal,
        vars: {},
        collector,
      });
    } catch (caught) {
      error = caught;
    }
    clearTimeout(timer);
    await provider.close?.();
    const status = (error as { status?: unknown } | null)?.status;
    outcomes.push({
      response,
      error: error === null ? null : classifyError(error, redact),
      status: typeof status === 'number' ? status : null,
      requestsSeen: sim.requests.length - requestsBefore,
      observations,
    });
    records.push(...collector.calls.map((call) => call.record));
  }
  await tracerProvider.forceFlush();
  return { outcomes, records, spans: exporter.getFinishedSpans() };
}

function comparable(attributes: Attributes, differing: Set<string>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => !differing.has(name)));
}

it('client http and client sdk give the same responses, errors, attempts, records and spans', async () => {
  const refusedPort = await closedPort();
  const sdk = await runScenarios('sdk', refusedPort);
  const http = await runScenarios('http', refusedPort);

  // What each scenario was meant to exercise happened (so the comparison below covers it).
  const byName = (run: typeof http, name: string) =>
    run.outcomes[SCENARIOS.findIndex((scenario) => scenario.name === name)] as Outcome;
  expect(byName(http, 'streamed').response).toMatchObject({ output: 'parity holds' });
  expect(byName(http, 'tool call, streamed').response).toMatchObject({
    finishReason: 'tool_calls',
    toolCalls: [{ name: 'lookup_order' }],
  });
  expect(byName(http, 'tool call, whole').response).toMatchObject({
    toolCalls: [{ name: 'lookup_order' }],
  });
  expect(byName(http, '429 then success')).toMatchObject({ error: null, requestsSeen: 2 });
  expect(byName(http, '429 then success').observations).toEqual([
    { status: 429, retryAfterMs: 50 },
    { status: 200, retryAfterMs: null },
  ]);
  expect(byName(http, '5xx then success')).toMatchObject({ error: null, requestsSeen: 3 });
  expect(byName(http, '429 after the retries')).toMatchObject({
    error: { type: 'rate_limit' },
    requestsSeen: 2,
  });
  expect(byName(http, '400')).toMatchObject({ error: { type: 'bad_request' }, status: 400 });
  expect(byName(http, '401')).toMatchObject({ error: { type: 'authentication' }, status: 401 });
  expect(byName(http, 'timeout').error?.type).toBe('timeout');
  expect(byName(http, 'connection refused').error?.type).toBe('connection');
  expect(byName(http, 'abort').error?.type).toBe('aborted');

  SCENARIOS.forEach((scenario, index) => {
    const mine = http.outcomes[index] as Outcome;
    const theirs = sdk.outcomes[index] as Outcome;
    const shown = (outcome: Outcome) => ({
      scenario: scenario.name,
      response: outcome.response,
      errorType: outcome.error?.type ?? null,
      // HTTP errors carry the server's message in the SDK's words; the others are each client's.
      message: outcome.status === null ? null : (outcome.error?.message ?? null),
      status: outcome.status,
      requestsSeen: outcome.requestsSeen,
      observations: outcome.observations,
    });
    expect(shown(mine)).toEqual(shown(theirs));
  });

  const record = (value: unknown) => {
    const {
      traceId: _traceId,
      spanId: _spanId,
      durationMs: _durationMs,
      timeToFirstChunkMs,
      backoffMs,
      ...rest
    } = value as Record<string, unknown>;
    return { ...rest, hasFirstChunk: timeToFirstChunkMs !== null, waited: Number(backoffMs) > 0 };
  };
  expect(http.records.map(record)).toEqual(sdk.records.map(record));
  expect(http.records).toHaveLength(SCENARIOS.length);

  expect(http.spans).toHaveLength(sdk.spans.length);
  http.spans.forEach((span, index) => {
    const other = sdk.spans[index]!;
    expect({ name: span.name, ...comparable(span.attributes, DIFFERING_ATTRIBUTES) }).toEqual({
      name: other.name,
      ...comparable(other.attributes, DIFFERING_ATTRIBUTES),
    });
    expect(span.status.code).toBe(other.status.code);
    const events = (list: typeof span.events) =>
      list.map((event) => {
        const attributes = comparable(event.attributes ?? {}, DIFFERING_EVENT_ATTRIBUTES);
        const error = attributes['sextant.attempt.error'];
        if (typeof error === 'string' && ATTEMPT_ERRORS[error] !== undefined)
          attributes['sextant.attempt.error'] = ATTEMPT_ERRORS[error];
        return { name: event.name, attributes };
      });
    expect(events(span.events)).toEqual(events(other.events));
  });

  // No key anywhere: span attributes, events, status messages, error messages.
  for (const span of [...http.spans, ...sdk.spans]) {
    const text = JSON.stringify({
      attributes: span.attributes,
      events: span.events,
      status: span.status,
    });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(WRONG_KEY);
  }
  for (const outcome of http.outcomes) {
    expect(outcome.error?.message ?? '').not.toContain(KEY);
  }
});
