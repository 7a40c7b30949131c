/**
 * Where an SDK client sends its requests: `server.address`/`server.port` from its base URL and
 * the `gen_ai.provider.name` that best fits (Azure and well-known OpenAI-compatible hosts get
 * their own names). Cached per client object.
 */
import { GEN_AI_PROVIDER_NAME_VALUES } from '@sextant/spec';
import type { HeaderFlavor } from './http-attempt.js';

export interface ClientDescription {
  provider: string;
  serverAddress: string | undefined;
  serverPort: number | undefined;
}

const OPENAI_COMPATIBLE_HOSTS: [string, string][] = [
  ['openai.azure.com', GEN_AI_PROVIDER_NAME_VALUES.azureOpenai],
  ['api.groq.com', GEN_AI_PROVIDER_NAME_VALUES.groq],
  ['api.deepseek.com', GEN_AI_PROVIDER_NAME_VALUES.deepseek],
  ['api.x.ai', GEN_AI_PROVIDER_NAME_VALUES.xai],
  ['api.mistral.ai', GEN_AI_PROVIDER_NAME_VALUES.mistralAi],
];

const descriptions = new WeakMap<object, ClientDescription>();

function describe(client: Record<string, unknown>, flavor: HeaderFlavor): ClientDescription {
  let serverAddress: string | undefined;
  let serverPort: number | undefined;
  const baseURL = client['baseURL'];
  if (typeof baseURL === 'string') {
    try {
      const url = new URL(baseURL);
      serverAddress = url.hostname;
      serverPort = url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
    } catch {
      serverAddress = undefined;
    }
  }
  if (flavor === 'anthropic') {
    return { provider: GEN_AI_PROVIDER_NAME_VALUES.anthropic, serverAddress, serverPort };
  }
  let provider: string = GEN_AI_PROVIDER_NAME_VALUES.openai;
  if (client.constructor?.name === 'AzureOpenAI')
    provider = GEN_AI_PROVIDER_NAME_VALUES.azureOpenai;
  for (const [host, name] of OPENAI_COMPATIBLE_HOSTS) {
    if (
      serverAddress !== undefined &&
      (serverAddress === host || serverAddress.endsWith(`.${host}`))
    ) {
      provider = name;
    }
  }
  return { provider, serverAddress, serverPort };
}

export function describeClient(client: unknown, flavor: HeaderFlavor): ClientDescription {
  if (client === null || typeof client !== 'object') {
    return { provider: flavor, serverAddress: undefined, serverPort: undefined };
  }
  let description = descriptions.get(client);
  if (description === undefined) {
    description = describe(client as Record<string, unknown>, flavor);
    descriptions.set(client, description);
  }
  return description;
}
