/**
 * `chat.completions.create` of the `openai` SDK. For streams the caller did not ask usage for,
 * the request gets `stream_options.include_usage`; the usage-only chunk that adds is then hidden,
 * and the `usage: null` it adds to other chunks removed, so the caller sees what it asked for.
 */
import type { LlmCallOutcome, ReportedUsage } from '../llm-call-outcome.js';
import { countOrUndefined } from '../llm-call-outcome.js';
import {
  asArray,
  asNumber,
  asObject,
  asString,
  requestParameterAttributes,
  textPart,
} from './payload.js';
import type { JsonObject } from './payload.js';
import type { RequestBody, SdkOperation, StreamReader } from './sdk-operation.js';

export function openAiChatUsage(value: unknown): ReportedUsage | null {
  const usage = asObject(value);
  const inputTokens = countOrUndefined(usage?.['prompt_tokens']);
  if (usage === undefined || inputTokens === undefined) return null;
  const reported: ReportedUsage = { inputTokens };
  const outputTokens = countOrUndefined(usage['completion_tokens']);
  if (outputTokens !== undefined) reported.outputTokens = outputTokens;
  const cached = countOrUndefined(asObject(usage['prompt_tokens_details'])?.['cached_tokens']);
  if (cached !== undefined) reported.cacheReadInputTokens = cached;
  const reasoning = countOrUndefined(
    asObject(usage['completion_tokens_details'])?.['reasoning_tokens'],
  );
  if (reasoning !== undefined) reported.reasoningOutputTokens = reasoning;
  return reported;
}

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

function createStreamReader(options: {
  captureContent: boolean;
  injectedUsage: boolean;
}): StreamReader {
  const outcome: LlmCallOutcome = { usage: null };
  const finishReasons = new Map<number, string>();
  const texts = new Map<number, string>();
  return {
    read(item) {
      const chunk = asObject(item);
      if (chunk === undefined) return false;
      outcome.responseId ??= asString(chunk['id']) ?? null;
      outcome.responseModel ??= asString(chunk['model']) ?? null;
      const choices = asArray(chunk['choices']);
      for (const entry of choices) {
        const choice = asObject(entry);
        const index = asNumber(choice?.['index']) ?? 0;
        const reason = asString(choice?.['finish_reason']);
        if (reason !== undefined) finishReasons.set(index, reason);
        if (options.captureContent) {
          const text = asString(asObject(choice?.['delta'])?.['content']);
          if (text !== undefined) texts.set(index, (texts.get(index) ?? '') + text);
        }
      }
      const usage = openAiChatUsage(chunk['usage']);
      if (usage !== null) outcome.usage = usage;
      if (!options.injectedUsage) return false;
      // The usage-only chunk we asked for, even when its usage is unreadable.
      const usageOnly = Array.isArray(chunk['choices']) && choices.length === 0;
      if (usageOnly && chunk['usage'] !== null && chunk['usage'] !== undefined) return true;
      if (chunk['usage'] === null) delete chunk['usage'];
      return false;
    },
    outcome() {
      const indexes = [...finishReasons.keys()].sort((left, right) => left - right);
      outcome.finishReasons = indexes.map((index) => finishReasons.get(index) as string);
      if (options.captureContent) {
        outcome.outputMessages = [...texts.entries()].map(([index, text]) => ({
          role: 'assistant',
          parts: [textPart(text)],
          finish_reason: finishReasons.get(index) ?? null,
        }));
      }
      return outcome;
    },
  };
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
  createStreamReader,
};
