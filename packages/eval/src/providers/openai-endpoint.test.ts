/**
 * Both `openai` clients resolve the endpoint and account as the SDK does (target keys, then
 * OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS from the process
 * environment): the same `requestIdentity` (so cache keys do not depend on the client) and the
 * same account headers on the wire, seen by a tiny server.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAiProvider } from './openai-provider.js';

const VARIABLES = [
  'OPENAI_BASE_URL',
  'OPENAI_ORG_ID',
  'OPENAI_PROJECT_ID',
  'OPENAI_CUSTOM_HEADERS',
];
const saved = new Map(VARIABLES.map((name) => [name, process.env[name]]));
let server: Server;
let origin: string;
const seen: IncomingHttpHeaders[] = [];

beforeEach(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  seen.length = 0;
});

afterEach(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const ACCOUNT_HEADERS = [
  'authorization',
  'openai-organization',
  'openai-project',
  'x-team',
  'x-env',
];

async function identityAndHeaders(options: {
  client: 'http' | 'sdk';
  targetOptions: Record<string, unknown>;
  environment?: Record<string, string>;
}) {
  const provider = await openAiProvider.create({
    target: {
      id: 't',
      provider: 'openai',
      model: 'm',
      parameters: { stream: false },
      apiKeyEnv: 'THE_KEY',
      options: { ...options.targetOptions, client: options.client },
    },
    environment: { THE_KEY: 'sk-endpoint-test-0123456789', ...options.environment },
    suiteDirectory: '.',
    prices: {},
    timeoutMs: 5000,
  });
  try {
    await provider.call({
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
      responseFormat: null,
      signal: new AbortController().signal,
      vars: {},
    });
    const headers = seen.at(-1) ?? {};
    return {
      identity: provider.requestIdentity,
      headers: Object.fromEntries(ACCOUNT_HEADERS.map((name) => [name, headers[name] ?? null])),
    };
  } finally {
    await provider.close?.();
  }
}

interface EndpointCase {
  name: string;
  variables: Record<string, string>;
  targetOptions: Record<string, unknown>;
  /** Account headers that must arrive (null: absent). */
  expected: Record<string, string | null>;
}

const CASES: EndpointCase[] = [
  {
    name: 'target baseURL and organization',
    variables: {},
    targetOptions: { organization: 'org-target', headers: { 'X-Team': 'a' } },
    expected: { 'openai-organization': 'org-target', 'openai-project': null, 'x-team': 'a' },
  },
  {
    name: 'OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_CUSTOM_HEADERS',
    variables: {
      OPENAI_BASE_URL: ' {origin}/v1 ',
      OPENAI_ORG_ID: 'org-env',
      OPENAI_PROJECT_ID: 'proj-env',
      OPENAI_CUSTOM_HEADERS: 'X-Env: from-env\nX-Team: env-team',
    },
    targetOptions: { headers: { 'x-team': 'target-team' } },
    expected: {
      'openai-organization': 'org-env',
      'openai-project': 'proj-env',
      'x-team': 'target-team',
      'x-env': 'from-env',
    },
  },
  {
    name: 'baseURLEnv, a blank OPENAI_ORG_ID',
    variables: { OPENAI_ORG_ID: '  ' },
    targetOptions: { baseURLEnv: 'MY_URL' },
    expected: { 'openai-organization': null },
  },
];

it.each(CASES)('$name: the same identity and account headers from both clients', async (each) => {
  for (const name of VARIABLES) delete process.env[name];
  for (const [name, value] of Object.entries(each.variables))
    process.env[name] = value.replace('{origin}', origin);
  const ownBaseUrl =
    each.variables['OPENAI_BASE_URL'] === undefined && !('baseURLEnv' in each.targetOptions);
  const options = {
    targetOptions: { ...(ownBaseUrl ? { baseURL: `${origin}/v1` } : {}), ...each.targetOptions },
    environment: { MY_URL: `${origin}/v1` },
  };
  const sdk = await identityAndHeaders({ client: 'sdk', ...options });
  const http = await identityAndHeaders({ client: 'http', ...options });
  expect(http).toEqual(sdk);
  expect(seen).toHaveLength(2);
  expect(http.headers).toMatchObject({
    authorization: 'Bearer sk-endpoint-test-0123456789',
    ...each.expected,
  });
  expect(JSON.stringify(http.identity)).not.toContain('sk-endpoint-test');
});
