import { APIConnectionError, APIConnectionTimeoutError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { FaultKind } from './choose-fault.js';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

const ask = (content: string) => ({
  model: 'test-chat',
  messages: [{ role: 'user' as const, content }],
});

describe('fault injection', () => {
  it('makes SDK retries visible: one 429 with retry-after 0, then success', async () => {
    const { openai, sim, fetchCalls } = await startTestSim({
      catalog: smallCatalog(),
      maxRetries: 2,
    });
    const completion = await openai.chat.completions.create(ask('hello'), {
      headers: { 'x-sim-fault': 'rate_limit,none', 'x-sim-retry-after': '0' },
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(fetchCalls()).toBe(2);
    expect(sim.requests.map((entry) => [entry.status, entry.fault, entry.attempt])).toEqual([
      [429, 'rate_limit', 0],
      [200, null, 1],
    ]);
    expect(sim.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('makes Anthropic SDK retries visible the same way', async () => {
    const { anthropic, sim, fetchCalls } = await startTestSim({
      catalog: smallCatalog(),
      maxRetries: 3,
    });
    const message = await anthropic.messages.create(
      { model: 'test-chat', max_tokens: 20, messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'x-sim-fault': 'overloaded,rate_limit,none', 'x-sim-retry-after': '0' } },
    );
    expect(message.type).toBe('message');
    expect(fetchCalls()).toBe(3);
    expect(sim.requests.map((entry) => entry.status)).toEqual([529, 429, 200]);
  });

  it('sends 429 with retry-after headers and exhausted rate limits in the vendor shape', async () => {
    const { openai, anthropic } = await startTestSim({
      catalog: smallCatalog({ faults: { rateLimit: 1, retryAfterSeconds: 2 } }),
    });
    const failure = await openai.chat.completions.create(ask('x')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    const headers = (failure as { headers: Headers }).headers;
    expect(headers.get('retry-after')).toBe('2');
    expect(headers.get('retry-after-ms')).toBe('2000');
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const anthropicFailure = await anthropic.messages
      .create({ model: 'test-chat', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(anthropicFailure).toMatchObject({
      status: 429,
      error: { type: 'error', error: { type: 'rate_limit_error' } },
    });
  });

  it('exhausts maxRetries against a permanent 5xx: requests logged = SDK attempts', async () => {
    const { openai, anthropic, sim, fetchCalls } = await startTestSim({
      catalog: smallCatalog({ faults: { serverError: 1, retryAfterSeconds: 0 } }),
      maxRetries: 2,
    });
    await expect(
      openai.chat.completions.create(ask('x'), { headers: { 'x-sim-retry-after': '0' } }),
    ).rejects.toMatchObject({ status: 500, type: 'server_error' });
    expect(fetchCalls()).toBe(3);
    expect(sim.requests.map((entry) => entry.status)).toEqual([500, 500, 500]);
    sim.clearRequests();
    await expect(
      anthropic.messages.create(
        {
          model: 'test-chat?fault=overloaded',
          max_tokens: 5,
          messages: [{ role: 'user', content: 'x' }],
        },
        { maxRetries: 0 },
      ),
    ).rejects.toMatchObject({ status: 529, error: { error: { type: 'overloaded_error' } } });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      fault: 'overloaded',
      model: 'test-chat?fault=overloaded',
    });
  });

  it('answers 503 for overloaded on OpenAI routes', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog() });
    await expect(
      openai.chat.completions.create(ask('x'), { headers: { 'x-sim-fault': 'overloaded' } }),
    ).rejects.toMatchObject({ status: 503 });
  });

  it('resets the connection, and the SDK retries it as a connection error', async () => {
    const { openai, sim, fetchCalls } = await startTestSim({
      catalog: smallCatalog(),
      maxRetries: 1,
    });
    const failure = await openai.chat.completions
      .create(ask('x'), { headers: { 'x-sim-fault': 'connection_reset' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(APIConnectionError);
    expect(fetchCalls()).toBe(2);
    expect(sim.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [null, 'connection_reset'],
      [null, 'connection_reset'],
    ]);
  });

  it('hangs past the client timeout, and close() releases the hanging connection', async () => {
    const { openai, sim } = await startTestSim({ catalog: smallCatalog(), timeoutMs: 300 });
    const started = Date.now();
    await expect(
      openai.chat.completions.create(ask('x'), { headers: { 'x-sim-fault': 'hang' } }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sim.requests[0]).toMatchObject({ status: null, fault: 'hang' });
    const pending = fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'x-sim-fault': 'hang' },
      body: JSON.stringify(ask('y')),
    });
    await expect.poll(() => sim.requests.length).toBe(2);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  it('breaks streams: a malformed chunk and a cut before the end both fail the SDK stream', async () => {
    const { openai, anthropic } = await startTestSim({ catalog: smallCatalog() });
    const consume = async (fault: FaultKind): Promise<unknown> => {
      const stream = await openai.chat.completions.create(
        { ...ask('Tell me a story'), stream: true },
        { headers: { 'x-sim-fault': fault } },
      );
      let chunks = 0;
      try {
        for await (const _chunk of stream) chunks++;
      } catch (error) {
        return { error, chunks };
      }
      return { error: null, chunks };
    };
    const malformed = (await consume('malformed_chunk')) as { error: unknown; chunks: number };
    expect(malformed.error).toBeInstanceOf(Error);
    expect(malformed.chunks).toBeGreaterThan(2);
    const cut = (await consume('stream_cut')) as { error: unknown; chunks: number };
    expect(cut.error).toBeInstanceOf(Error);
    expect(cut.chunks).toBeGreaterThan(2);
    expect(cut.chunks).toBeLessThan(30);
    const anthropicMalformed = anthropic.messages.stream(
      {
        model: 'test-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Tell me a story' }],
      },
      { headers: { 'x-sim-fault': 'malformed_chunk' } },
    );
    await expect(anthropicMalformed.finalMessage()).rejects.toThrow();
    const responses = openai.responses.stream(
      { model: 'test-chat', input: 'Tell me a story' },
      { headers: { 'x-sim-fault': 'malformed_chunk' } },
    );
    await expect(responses.finalResponse()).rejects.toThrow();
    const message = anthropic.messages.stream(
      {
        model: 'test-chat',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Tell me a story' }],
      },
      { headers: { 'x-sim-fault': 'stream_cut' } },
    );
    await expect(message.finalMessage()).rejects.toThrow();
  });

  it('truncates a non-streaming body for malformed_chunk', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog() });
    await expect(
      openai.chat.completions.create(ask('x'), { headers: { 'x-sim-fault': 'malformed_chunk' } }),
    ).rejects.toThrow();
  });

  it('draws catalog faults deterministically for a seed, differently for another seed', async () => {
    const run = async (seed: number): Promise<(string | null)[]> => {
      const { openai, sim } = await startTestSim({
        seed,
        catalog: smallCatalog({
          faults: { rateLimit: 0.3, serverError: 0.2, retryAfterSeconds: 0 },
        }),
      });
      for (let index = 0; index < 40; index++) {
        await openai.chat.completions.create(ask(`question ${index}`)).catch(() => undefined);
      }
      return sim.requests.map((entry) => entry.fault);
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
    const counts = { rate_limit: 0, server_error: 0, none: 0 };
    for (const fault of first) counts[(fault ?? 'none') as keyof typeof counts]++;
    expect(counts.rate_limit).toBeGreaterThan(3);
    expect(counts.server_error).toBeGreaterThan(1);
    expect(counts.none).toBeGreaterThan(10);
  });

  it('lets a retry of a 50% rate-limited request eventually succeed, the same way every run', async () => {
    const run = async (): Promise<number[]> => {
      const { openai, sim } = await startTestSim({
        seed: 5,
        catalog: smallCatalog({ faults: { rateLimit: 0.5, retryAfterSeconds: 0 } }),
        maxRetries: 10,
      });
      for (let index = 0; index < 5; index++)
        await openai.chat.completions.create(ask(`retry me ${index}`));
      return sim.requests.map((entry) => entry.status ?? 0);
    };
    const statuses = await run();
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(await run()).toEqual(statuses);
  });

  it('ignores catalog faults when catalogFaults is false, but not forced ones', async () => {
    const { openai } = await startTestSim({
      catalog: smallCatalog({ faults: { serverError: 1 } }),
      catalogFaults: false,
    });
    await expect(openai.chat.completions.create(ask('x'))).resolves.toMatchObject({
      object: 'chat.completion',
    });
    await expect(
      openai.chat.completions.create(ask('x'), { headers: { 'x-sim-fault': 'server_error' } }),
    ).rejects.toMatchObject({
      status: 500,
    });
  });
});
