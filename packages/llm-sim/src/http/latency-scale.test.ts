import { describe, expect, it } from 'vitest';
import { sendRawRequest, type RawResponse } from '../test-support/send-raw-request.js';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

const catalog = smallCatalog({
  latency: { ttftMs: { median: 5, p95: 5 }, interTokenMs: { median: 1, p95: 1 } },
});
const now = () => Date.UTC(2026, 0, 1);
const content = 'Tell me a story';
const requests = [
  {
    path: '/v1/chat/completions',
    body: {
      model: 'test-chat',
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content }],
    },
  },
  { path: '/v1/responses', body: { model: 'test-chat', input: content } },
  {
    path: '/v1/messages',
    body: { model: 'test-chat', max_tokens: 200, messages: [{ role: 'user', content }] },
  },
];
// hang and connection_reset send nothing at all, at any scale; the others answer.
const faults = [
  'none',
  'malformed_chunk',
  'stream_cut',
  'rate_limit',
  'server_error',
  'overloaded',
];

/** What a client can observe apart from timing: status, headers (not `date`), body bytes, a clean end. */
function observable(response: RawResponse): unknown {
  const { date: _date, ...headers } = response.headers;
  return { status: response.status, headers, body: response.body, complete: response.complete };
}

describe('latencyScale', () => {
  it('changes only the timing: same status, headers, bytes and ending at 0 and at 1', async () => {
    const instant = await startTestSim({ catalog, latencyScale: 0, now });
    const timed = await startTestSim({ catalog, latencyScale: 1, now });
    const differences: string[] = [];
    let compared = 0;
    for (const { path, body } of requests) {
      for (const stream of [true, false]) {
        for (const fault of faults) {
          const send = (url: string) =>
            sendRawRequest({
              url,
              path,
              body: { ...body, stream },
              headers: { 'x-sim-fault': fault },
            });
          const expected = observable(await send(instant.sim.url));
          const actual = observable(await send(timed.sim.url));
          compared++;
          try {
            expect(actual).toEqual(expected);
          } catch (error) {
            differences.push(
              `${path} stream=${stream} fault=${fault}: ${(error as Error).message}`,
            );
          }
        }
      }
    }
    expect(compared).toBe(36);
    expect(differences).toEqual([]);
  });

  it('sends streams with chunked transfer encoding, as the vendors do, even without latency', async () => {
    const { sim } = await startTestSim({ catalog, latencyScale: 0 });
    for (const { path, body } of requests) {
      const response = await sendRawRequest({
        url: sim.url,
        path,
        body: { ...body, stream: true },
      });
      expect([
        path,
        response.headers['transfer-encoding'],
        response.headers['content-length'],
      ]).toEqual([path, 'chunked', undefined]);
      expect(response.complete).toBe(true);
    }
  });
});
