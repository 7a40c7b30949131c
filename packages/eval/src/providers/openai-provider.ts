/**
 * `openai`: any server speaking the OpenAI Chat Completions API (OpenAI, Azure OpenAI through its
 * v1 endpoint, vLLM, Ollama, LM Studio, OpenRouter, Groq…) through `baseURL`. Streams by default
 * (`parameters.stream: false` to turn it off) so time to first token is measured. `client: http`
 * (default) uses the runner's own client, `client: sdk` the official `openai` SDK; both send the
 * same request and record the same span.
 */
import { readApiKey } from './observing-fetch.js';
import { createOpenAiHttpClient } from './openai-http-client.js';
import { OPENAI_OPTION_PROPERTIES } from './openai-options.js';
import type { OpenAiOptions } from './openai-options.js';
import { createOpenAiSdkClient } from './openai-sdk-client.js';
import type { ProviderType } from './provider.js';
import { resolveBaseUrl } from './sdk-client-setup.js';

export const openAiProvider: ProviderType = {
  name: 'openai',
  optionsSchema: { properties: OPENAI_OPTION_PROPERTIES },
  create(setup) {
    const targetOptions = setup.target.options as OpenAiOptions;
    const baseURL = resolveBaseUrl(targetOptions, setup.environment);
    // A custom server often needs no key; the official endpoint always does.
    const apiKey = readApiKey({
      apiKeyEnv: setup.target.apiKeyEnv,
      defaultEnv: baseURL === undefined ? 'OPENAI_API_KEY' : null,
      environment: setup.environment,
    });
    const options = { setup, targetOptions, baseURL, apiKey };
    return targetOptions.client === 'sdk'
      ? createOpenAiSdkClient(options)
      : createOpenAiHttpClient(options);
  },
};
