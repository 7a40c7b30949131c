import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NodeHttpResponse } from './node-http-response.js';
import type { ProviderSetup } from './provider.js';
import { sdkTransportOptions } from './sdk-client-setup.js';

let server: http.Server;
let url: string;
const acceptEncodings: (string | null)[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    acceptEncodings.push(request.headers['accept-encoding'] ?? null);
    request.resume();
    request.on('end', () => response.end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const setup: ProviderSetup = {
  target: { id: 't', provider: 'openai', model: 'm', parameters: {}, options: {} },
  environment: {},
  suiteDirectory: '.',
  prices: {},
  timeoutMs: 1000,
  concurrency: 2,
};

async function fetchThrough(transport: 'node-http' | 'fetch' | undefined) {
  const { clientOptions, close } = sdkTransportOptions({
    setup,
    baseURL: url,
    headers: undefined,
    transport,
  });
  try {
    const response = await clientOptions.fetch(url);
    await response.text();
    return { response, acceptEncoding: acceptEncodings.at(-1) };
  } finally {
    close();
  }
}

it('uses node:http by default even after the process called the platform fetch', async () => {
  // Node's undici installs its global dispatcher on the first fetch() (the CLI's ClickHouse ping).
  await (await fetch(url)).text();
  const byDefault = await fetchThrough(undefined);
  expect(byDefault.response).toBeInstanceOf(NodeHttpResponse);
  expect(byDefault.acceptEncoding).toBeNull();
  const named = await fetchThrough('node-http');
  expect(named.response).toBeInstanceOf(NodeHttpResponse);
});

it('uses the platform fetch when the target says transport: fetch', async () => {
  const platform = await fetchThrough('fetch');
  expect(platform.response).toBeInstanceOf(Response);
  expect(platform.acceptEncoding).not.toBeNull();
});
