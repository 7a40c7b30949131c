import { describe, expect, it } from 'vitest';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

const latency = { ttftMs: { median: 200, p95: 200 }, interTokenMs: { median: 20, p95: 20 } };
const request = {
  model: 'test-chat',
  messages: [
    { role: 'user' as const, content: 'say exactly: one two three four five six seven eight' },
  ],
};

describe('simulated latency', () => {
  it('waits the time to first token before the first token and a gap before each later one', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog({ latency }), latencyScale: 1 });
    const started = performance.now();
    const stream = await openai.chat.completions.create({ ...request, stream: true });
    let firstTokenAt = 0;
    let tokens = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        tokens++;
        if (firstTokenAt === 0) firstTokenAt = performance.now() - started;
      }
    }
    const total = performance.now() - started;
    expect(tokens).toBe(8);
    expect(firstTokenAt).toBeGreaterThanOrEqual(195);
    expect(total).toBeGreaterThanOrEqual(200 + 7 * 20 - 10);
  });

  it('delays a non-streaming answer by the whole generation time, and latencyScale 0 removes it', async () => {
    const slow = await startTestSim({ catalog: smallCatalog({ latency }), latencyScale: 0.5 });
    let started = performance.now();
    await slow.openai.chat.completions.create(request);
    expect(performance.now() - started).toBeGreaterThanOrEqual((200 + 7 * 20) * 0.5 - 10);
    const fast = await startTestSim({
      catalog: smallCatalog({ latency: { ttftMs: { median: 1000, p95: 1000 } } }),
      latencyScale: 0,
    });
    started = performance.now();
    await fast.openai.chat.completions.create(request);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('holds every stream body until the time to first token: chat, responses and messages', async () => {
    const ttftMs = 80;
    const { openai, anthropic } = await startTestSim({
      catalog: smallCatalog({
        latency: { ttftMs: { median: ttftMs, p95: ttftMs }, interTokenMs: { median: 1, p95: 1 } },
      }),
      latencyScale: 1,
    });
    // Loose bound: timers may fire a little early relative to performance.now() on a busy machine.
    const atLeast = 0.9 * ttftMs;
    const firstItemAfter = async (items: () => Promise<AsyncIterable<unknown>>) => {
      const started = performance.now();
      for await (const _item of await items()) return performance.now() - started;
      throw new Error('the stream ended without any item');
    };
    const chat = await firstItemAfter(() =>
      openai.chat.completions.create({ ...request, stream: true }),
    );
    const responses = await firstItemAfter(() =>
      openai.responses.create({ model: 'test-chat', input: 'say exactly: one two', stream: true }),
    );
    const messages = await firstItemAfter(() =>
      anthropic.messages.create({
        model: 'test-chat',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'say exactly: one two' }],
        stream: true,
      }),
    );
    const early = Object.entries({ chat, responses, messages }).filter(([, ms]) => ms < atLeast);
    expect(early).toEqual([]);
  });
});
