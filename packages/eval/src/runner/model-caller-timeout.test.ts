/**
 * How the runner's timeout and a caller's stop show on the call's span, over real HTTP against a
 * server that takes the request and never answers: the runner aborts a timed-out call with a
 * reason named `TimeoutError`, which the `http` client reports as a timeout (`error.type`
 * `timeout`, as its own timeout gives) while any other abort stays `APIUserAbortError`.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE } from '@sextant/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProviderRegistry } from '../providers/provider-registry.js';
import type { TargetDefinition } from '../suite/suite-definition.js';
import { ModelCaller } from './model-caller.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Reads each request and never answers it. */
async function startStallingServer(): Promise<string> {
  const server = createServer((request) => request.resume());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

async function stalledCall(options: {
  timeoutMs: number;
  /** Aborts the call's own signal after this many milliseconds (a caller stopping it). */
  stopAfterMs?: number;
}): Promise<{ timedOut: boolean; errorName: unknown; spanErrorType: unknown; recorded: unknown }> {
  const baseURL = await startStallingServer();
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const caller = new ModelCaller({
    providers: defaultProviderRegistry,
    environment: { STALL_KEY: 'sk-stall-test-0a1b2c3d4e5f' },
    suiteDirectory: process.cwd(),
    timeoutMs: options.timeoutMs,
    limits: {},
    concurrency: 2,
    signal: new AbortController().signal,
    attributes: {},
    tracerProvider,
  });
  const target: TargetDefinition = {
    id: 'stall',
    provider: 'openai',
    model: 'stall-model',
    parameters: {},
    apiKeyEnv: 'STALL_KEY',
    maxRetries: 0,
    options: { baseURL },
  };
  const stop = new AbortController();
  const stopTimer =
    options.stopAfterMs === undefined
      ? null
      : setTimeout(() => stop.abort(new Error('stopped by the caller')), options.stopAfterMs);
  try {
    const result = await caller.call({
      target,
      messages: [{ role: 'user', content: 'hello' }],
      signal: stop.signal,
      attributes: {},
      deferSpanEnd: false,
    });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    return {
      timedOut: result.timedOut,
      errorName: result.outcome.ok ? null : (result.outcome.error as Error).name,
      spanErrorType: spans[0]?.attributes[ATTR_ERROR_TYPE],
      recorded: result.calls[0]?.record.errorType,
    };
  } finally {
    if (stopTimer !== null) clearTimeout(stopTimer);
    await caller.close();
    await tracerProvider.shutdown();
  }
}

describe('ModelCaller over a server that never answers (client: http)', () => {
  it("reports the runner's timeout as a timeout on the span and the record", async () => {
    const outcome = await stalledCall({ timeoutMs: 200 });
    expect(outcome).toEqual({
      timedOut: true,
      errorName: 'TimeoutError',
      spanErrorType: 'timeout',
      recorded: 'timeout',
    });
  });

  it("reports a caller's stop as an abort", async () => {
    const outcome = await stalledCall({ timeoutMs: 10_000, stopAfterMs: 100 });
    expect(outcome).toEqual({
      timedOut: false,
      errorName: 'AbortError',
      spanErrorType: 'APIUserAbortError',
      recorded: 'APIUserAbortError',
    });
  });
});
