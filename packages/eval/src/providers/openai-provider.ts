/**
 * `openai`: any server speaking the OpenAI Chat Completions API (OpenAI, Azure OpenAI through its
 * v1 endpoint, vLLM, Ollama, LM Studio, OpenRouter, Groq…) through `baseURL`. Streams by default
 * (`parameters.stream: false` to turn it off) so time to first token is measured.
 */
import OpenAI from 'openai';
import type {
  ChatCompletionCreateParams,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { instrument } from '@sextant/instrumentation';
import { readApiKey } from './observing-fetch.js';
import { hashedHeaders } from './request-identity.js';
import type { ProviderRequest, ProviderResponse, ProviderType } from './provider.js';
import {
  instrumentOptionsFor,
  requestOptions,
  resolveBaseUrl,
  SDK_TARGET_OPTION_PROPERTIES,
  sdkTransportOptions,
  type SdkTargetOptions,
} from './sdk-client-setup.js';
import type { ToolCall } from '../scorers/scorer.js';

interface OpenAiOptions extends SdkTargetOptions {
  organization?: string;
}

export const openAiProvider: ProviderType = {
  name: 'openai',
  optionsSchema: {
    properties: { ...SDK_TARGET_OPTION_PROPERTIES, organization: { type: 'string' } },
  },
  create(setup) {
    const options = setup.target.options as OpenAiOptions;
    const baseURL = resolveBaseUrl(options, setup.environment);
    // A custom server often needs no key; the official endpoint always does.
    const apiKey = readApiKey({
      apiKeyEnv: setup.target.apiKeyEnv,
      defaultEnv: baseURL === undefined ? 'OPENAI_API_KEY' : null,
      environment: setup.environment,
    });
    const transport = sdkTransportOptions({
      setup,
      baseURL,
      headers: options.headers,
      transport: options.transport,
    });
    const sdkClient = new OpenAI({
      apiKey: apiKey ?? 'no-key',
      ...(options.organization === undefined ? {} : { organization: options.organization }),
      ...transport.clientOptions,
    });
    const client = instrument(sdkClient, instrumentOptionsFor(setup));
    const { stream: streamParameter, ...parameters } = setup.target.parameters;
    const stream = streamParameter !== false;
    return {
      collectsCalls: true,
      async close() {
        transport.close();
      },
      // Read back from the SDK, which also falls back to OPENAI_BASE_URL, OPENAI_ORG_ID and
      // OPENAI_PROJECT_ID from the process environment.
      requestIdentity: {
        baseURL: sdkClient.baseURL,
        organization: sdkClient.organization,
        project: sdkClient.project,
        headers: hashedHeaders(options.headers),
      },
      async call(request) {
        const body = {
          ...parameters,
          model: setup.target.model,
          messages: request.messages.map((message) => ({
            role: message.role,
            content: message.content,
          })) as ChatCompletionMessageParam[],
          ...requestExtras(request),
        };
        if (!stream) {
          const completion = await client.chat.completions.create(
            { ...body, stream: false } as ChatCompletionCreateParams & { stream: false },
            requestOptions(request),
          );
          const choice = completion.choices[0];
          return {
            output: choice?.message.content ?? choice?.message.refusal ?? '',
            finishReason: choice?.finish_reason ?? null,
            toolCalls: (choice?.message.tool_calls ?? []).flatMap((call) =>
              call.type === 'function'
                ? [{ name: call.function.name, arguments: call.function.arguments }]
                : [],
            ),
          };
        }
        const chunks = await client.chat.completions.create(
          {
            ...body,
            stream: true,
            stream_options: { include_usage: true },
          } as ChatCompletionCreateParams & { stream: true },
          requestOptions(request),
        );
        return collectStream(chunks);
      },
    };
  },
};

function requestExtras(request: ProviderRequest): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  if (request.tools.length > 0) {
    extras.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    }));
  }
  const format = request.responseFormat;
  if (format?.type === 'json_object') extras.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    extras.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name, schema: format.schema, strict: format.strict ?? true },
    };
  }
  return extras;
}

async function collectStream(
  chunks: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): Promise<ProviderResponse> {
  let output = '';
  let finishReason: string | null = null;
  const toolCalls: ToolCall[] = [];
  for await (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    if (typeof choice.delta.content === 'string') output += choice.delta.content;
    if (typeof choice.delta.refusal === 'string') output += choice.delta.refusal;
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = (toolCalls[delta.index] ??= { name: '', arguments: '' });
      if (delta.function?.name !== undefined) call.name += delta.function.name;
      if (delta.function?.arguments !== undefined) call.arguments += delta.function.arguments;
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined)
      finishReason = choice.finish_reason;
  }
  return { output, finishReason, toolCalls: toolCalls.filter((call) => call !== undefined) };
}
