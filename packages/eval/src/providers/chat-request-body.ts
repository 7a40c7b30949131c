/**
 * The Chat Completions request body for an `openai` target, the same for both clients (so the
 * same bytes go out and the simulator and servers see one request): the target's parameters,
 * the model, the rendered messages, tools and response format, then `stream`, and for streams
 * `stream_options.include_usage` (token counts arrive in a last chunk).
 */
import type { ProviderRequest } from './provider.js';

/**
 * The body builder of one target: its parameters are split from `stream` once (streaming unless
 * `parameters.stream` is false).
 */
export function chatRequestBodies(target: {
  model: string;
  parameters: Readonly<Record<string, unknown>>;
}): (request: ProviderRequest) => Record<string, unknown> {
  const { stream: streamParameter, ...parameters } = target.parameters;
  const stream = streamParameter !== false;
  return (request) => chatRequestBody({ parameters, model: target.model, request, stream });
}

export function chatRequestBody(options: {
  /** The target's parameters without `stream`. */
  parameters: Readonly<Record<string, unknown>>;
  model: string;
  request: ProviderRequest;
  stream: boolean;
}): Record<string, unknown> {
  const { request } = options;
  const body = {
    ...options.parameters,
    model: options.model,
    messages: request.messages.map((message) => ({
      role: message.role,
      content: message.content,
    })),
    ...requestExtras(request),
  };
  return options.stream
    ? { ...body, stream: true, stream_options: { include_usage: true } }
    : { ...body, stream: false };
}

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
