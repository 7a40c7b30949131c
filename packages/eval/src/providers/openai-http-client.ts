/**
 * `client: http` (the default): an `openai` target served by the runner's own Chat Completions
 * client (`ChatCompletionsClient`) on the target's transport. Sends what the SDK sends for the
 * same target (URL, account headers, the target's headers, the same body bytes) and reports the
 * same `requestIdentity`, so cache keys do not depend on the client.
 */
import { ChatCompletionsClient } from './chat-completions-client.js';
import { chatRequestBodies } from './chat-request-body.js';
import { openAiRequestIdentity, resolveOpenAiEndpoint } from './openai-endpoint.js';
import type { OpenAiOptions } from './openai-options.js';
import type { ProviderClient, ProviderSetup } from './provider.js';
import { instrumentOptionsFor, targetTransport } from './sdk-client-setup.js';

export function createOpenAiHttpClient(options: {
  setup: ProviderSetup;
  targetOptions: OpenAiOptions;
  baseURL: string | undefined;
  apiKey: string | null;
}): ProviderClient {
  const { setup, targetOptions, apiKey } = options;
  const endpoint = resolveOpenAiEndpoint({
    baseURL: options.baseURL,
    organization: targetOptions.organization,
  });
  // In the SDK's order: its own headers, authorization, the target's headers, the body's type.
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'sextant-eval',
  };
  if (endpoint.organization !== null) headers['openai-organization'] = endpoint.organization;
  if (endpoint.project !== null) headers['openai-project'] = endpoint.project;
  // Without a key, the placeholder the SDK client is given: keyless local servers (llm-sim, the
  // demo suite's target) want some bearer token and ignore its value.
  headers['authorization'] = `Bearer ${apiKey ?? 'no-key'}`;
  const extra = { ...endpoint.customHeaders, ...targetOptions.headers };
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  headers['content-type'] = 'application/json';
  const transport = targetTransport({ setup, transport: targetOptions.transport });
  const client = new ChatCompletionsClient({
    baseURL: endpoint.baseURL,
    headers,
    apiKey,
    fetch: transport.fetch,
    maxRetries: setup.target.maxRetries ?? 2,
    timeoutMs: setup.timeoutMs,
    onResponse: setup.onResponse,
    instrument: instrumentOptionsFor(setup),
  });
  const bodyFor = chatRequestBodies(setup.target);
  return {
    collectsCalls: true,
    async close() {
      transport.close();
    },
    requestIdentity: openAiRequestIdentity(endpoint, targetOptions.headers),
    call(request) {
      return client.create({
        body: bodyFor(request),
        signal: request.signal,
        deadlineCovered: request.deadlineCovered,
        collector: request.collector,
      });
    },
  };
}
