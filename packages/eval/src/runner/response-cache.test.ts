import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache.js';
import type { CacheRequest, CachedResponse } from './response-cache.js';

const request: CacheRequest = {
  provider: 'openai',
  model: 'm',
  parameters: { temperature: 0, top_p: 1 },
  client: { baseURL: 'http://x/v1', headers: {} },
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  responseFormat: null,
  repeat: 0,
};
const response: CachedResponse = {
  output: 'hello',
  finishReason: 'stop',
  toolCalls: [],
  usage: null,
  costUsd: 0.001,
  latencyMs: 10,
  timeToFirstChunkMs: 5,
  attempts: 1,
  retries: 0,
  traceId: '',
  spanId: '',
  runId: 'r',
  startedAt: 0,
};

describe('ResponseCache', () => {
  it('keys on the canonical request, so key order does not matter but every field does', async () => {
    const cache = new ResponseCache(await mkdtemp(join(tmpdir(), 'sextant-cache-')));
    await cache.set(ResponseCache.serialize(request), response);
    const reordered = { ...request, parameters: { top_p: 1, temperature: 0 } };
    expect(await cache.get(ResponseCache.serialize(reordered))).toEqual(response);
    for (const changed of [
      { ...request, repeat: 1 },
      { ...request, model: 'other' },
      { ...request, client: { baseURL: 'http://y/v1', headers: {} } },
      { ...request, client: { baseURL: 'http://x/v1', headers: { 'x-team': 'sha256:0' } } },
      { ...request, parameters: { temperature: 0.1, top_p: 1 } },
      { ...request, messages: [{ role: 'user', content: 'hi ' }] },
      { ...request, responseFormat: { type: 'json_object' } },
    ]) {
      expect(await cache.get(ResponseCache.serialize(changed))).toBeNull();
    }
  });

  it('never serves an entry whose stored request differs from the one asked (collision or tampering)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sextant-cache-'));
    const cache = new ResponseCache(directory);
    const serialized = ResponseCache.serialize(request);
    await cache.set(serialized, response);
    const [folder] = await readdir(directory);
    const [file] = await readdir(join(directory, folder ?? ''));
    const path = join(directory, folder ?? '', file ?? '');
    const entry = JSON.parse(await readFile(path, 'utf8')) as { request: string };
    await writeFile(
      path,
      JSON.stringify({ ...entry, request: serialized.replace('"hi"', '"bye"') }),
    );
    expect(await cache.get(serialized)).toBeNull();
    await writeFile(path, '{ truncated');
    expect(await cache.get(serialized)).toBeNull();
  });
});
