/**
 * `anthropic`: the Messages API. Streams by default. System messages become the `system`
 * field; a JSON response format becomes an instruction in it (the Messages API has no
 * response_format), and tools are sent as Anthropic tools with their JSON Schema.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { instrument } from '@sextant/instrumentation';
import type { ToolCall } from '../scorers/scorer.js';
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

const DEFAULT_MAX_TOKENS = 1024;

/**
 * The SDK, loaded by the first `anthropic` target: a run without one never has it in its heap
 * (measured on a 100k-case openai run: peak RSS 226 -> 211 MB, CPU per case 0.35 -> 0.31 ms,
 * since V8 sizes the old space from the live heap, most of which is loaded code).
 */
let sdkModule: Promise<typeof Anthropic> | undefined;

export const anthropicProvider: ProviderType = {
  name: 'anthropic',
  optionsSchema: {
    properties: SDK_TARGET_OPTION_PROPERTIES,
  },
  async create(setup) {
    const AnthropicClient = await (sdkModule ??= import('@anthropic-ai/sdk').then(
      (module) => module.default,
    ));
    const options = setup.target.options as SdkTargetOptions;
    const baseURL = resolveBaseUrl(options, setup.environment);
    const apiKey = readApiKey({
      apiKeyEnv: setup.target.apiKeyEnv,
      defaultEnv: 'ANTHROPIC_API_KEY',
      environment: setup.environment,
    });
    const transport = sdkTransportOptions({
      setup,
      baseURL,
      headers: options.headers,
      transport: options.transport,
    });
    const sdkClient = new AnthropicClient({
      apiKey: apiKey ?? 'no-key',
      ...transport.clientOptions,
    });
    const client = instrument(sdkClient, instrumentOptionsFor(setup));
    const {
      stream: streamParameter,
      max_tokens: maxTokens,
      ...parameters
    } = setup.target.parameters;
    const stream = streamParameter !== false;
    return {
      collectsCalls: true,
      async close() {
        transport.close();
      },
      // Read back from the SDK, which also falls back to ANTHROPIC_BASE_URL.
      requestIdentity: { baseURL: sdkClient.baseURL, headers: hashedHeaders(options.headers) },
      async call(request) {
        const body = {
          ...parameters,
          model: setup.target.model,
          max_tokens: typeof maxTokens === 'number' ? maxTokens : DEFAULT_MAX_TOKENS,
          ...messagesOf(request),
        } as Anthropic.MessageCreateParams;
        if (!stream) {
          const message = (await client.messages.create(
            { ...body, stream: false },
            requestOptions(request),
          )) as Anthropic.Message;
          const toolCalls: ToolCall[] = [];
          let output = '';
          for (const block of message.content) {
            if (block.type === 'text') output += block.text;
            if (block.type === 'tool_use')
              toolCalls.push({ name: block.name, arguments: JSON.stringify(block.input) });
          }
          return { output, finishReason: message.stop_reason, toolCalls };
        }
        const events = await client.messages.create(
          { ...body, stream: true },
          requestOptions(request),
        );
        return collectStream(events);
      },
    };
  },
};

function messagesOf(request: ProviderRequest): Record<string, unknown> {
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content);
  const format = request.responseFormat;
  if (format?.type === 'json_object')
    system.push('Answer with a single JSON object and nothing else.');
  if (format?.type === 'json_schema') {
    system.push(
      `Answer with a single JSON object matching this JSON Schema, and nothing else:\n${JSON.stringify(format.schema)}`,
    );
  }
  const body: Record<string, unknown> = {
    messages: request.messages
      .filter((message) => message.role !== 'system')
      .map((message) => ({ role: message.role, content: message.content })),
  };
  if (system.length > 0) body.system = system.join('\n\n');
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.parameters,
    }));
  }
  return body;
}

async function collectStream(
  events: AsyncIterable<Anthropic.RawMessageStreamEvent>,
): Promise<ProviderResponse> {
  let output = '';
  let finishReason: string | null = null;
  const toolCalls = new Map<number, ToolCall>();
  for await (const event of events) {
    if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
      toolCalls.set(event.index, { name: event.content_block.name, arguments: '' });
    } else if (event.type === 'content_block_delta') {
      if (event.delta.type === 'text_delta') output += event.delta.text;
      if (event.delta.type === 'input_json_delta') {
        const call = toolCalls.get(event.index);
        if (call !== undefined) call.arguments += event.delta.partial_json;
      }
    } else if (event.type === 'message_delta' && event.delta.stop_reason !== null) {
      finishReason = event.delta.stop_reason;
    }
  }
  return { output, finishReason, toolCalls: [...toolCalls.values()] };
}
