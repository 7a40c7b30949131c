/**
 * `chat.completions.create` of the `openai` SDK. For streams the caller did not ask usage for,
 * the request gets `stream_options.include_usage`; the usage-only chunk that adds is then hidden,
 * and the `usage: null` it adds to other chunks removed, so the caller sees what it asked for.
 */
import type { LlmCallOutcome } from '../llm-call-outcome.js';
import { openAiChatUsage } from './openai-chat-usage.js';
import { asArray, asObject, asString, requestParameterAttributes, textPart } from './payload.js';
import type { JsonObject } from './payload.js';
import type { RequestBody, SdkOperation } from './sdk-operation.js';
import { createChatStreamReader } from './openai-chat-stream-reader.js';

function messageParts(message: JsonObject): JsonObject[] {
  const parts: JsonObject[] = [];
  const content = message['content'];
  if (typeof content === 'string') parts.push(textPart(content));
  for (const item of asArray(content)) {
    const part = asObject(item);
    const text = asString(part?.['text']);
    parts.push(
      text !== undefined ? textPart(text) : { type: asString(part?.['type']) ?? 'unknown' },
    );
  }
  for (const item of asArray(message['tool_calls'])) {
    const toolCall = asObject(item);
    const fn = asObject(toolCall?.['function']);
    parts.push({
      type: 'tool_call',
      id: asString(toolCall?.['id']) ?? null,
      name: asString(fn?.['name']) ?? null,
      arguments: asString(fn?.['arguments']) ?? null,
    });
  }
  if (message['role'] === 'tool') {
    return [
      {
        type: 'tool_call_response',
        id: asString(message['tool_call_id']) ?? null,
        response: content,
      },
    ];
  }
  return parts;
}

function inputMessages(body: RequestBody): unknown[] {
  return asArray(body['messages']).map((item) => {
    const message = asObject(item) ?? {};
    return { role: asString(message['role']) ?? 'user', parts: messageParts(message) };
  });
}

function readCompletion(value: unknown, captureContent: boolean): LlmCallOutcome {
  const completion = asObject(value);
  const choices = asArray(completion?.['choices']).map((choice) => asObject(choice) ?? {});
  const outcome: LlmCallOutcome = {
    responseId: asString(completion?.['id']) ?? null,
    responseModel: asString(completion?.['model']) ?? null,
    finishReasons: choices.map((choice) => asString(choice['finish_reason']) ?? 'unknown'),
    usage: openAiChatUsage(completion?.['usage']),
  };
  if (captureContent) {
    outcome.outputMessages = choices.map((choice) => ({
      role: 'assistant',
      parts: messageParts(asObject(choice['message']) ?? {}),
      finish_reason: asString(choice['finish_reason']) ?? null,
    }));
  }
  return outcome;
}

export const openAiChatCompletions: SdkOperation = {
  operation: 'chat',
  headerFlavor: 'openai',
  describeRequest(body) {
    const stream = body['stream'] === true;
    return {
      requestModel: asString(body['model']) ?? 'unknown',
      stream,
      attributes: requestParameterAttributes({
        maxTokens: body['max_completion_tokens'] ?? body['max_tokens'],
        temperature: body['temperature'],
        topP: body['top_p'],
        stopSequences: body['stop'],
        seed: body['seed'],
        choiceCount: body['n'],
        frequencyPenalty: body['frequency_penalty'],
        presencePenalty: body['presence_penalty'],
        stream,
      }),
    };
  },
  prepareBody(body) {
    if (body['stream'] !== true) return undefined;
    const streamOptions = asObject(body['stream_options']);
    if (streamOptions !== undefined && 'include_usage' in streamOptions) return undefined;
    return { ...body, stream_options: { ...streamOptions, include_usage: true } };
  },
  inputContent: (body) => ({ inputMessages: inputMessages(body) }),
  readResponse: readCompletion,
  createStreamReader: createChatStreamReader,
};
