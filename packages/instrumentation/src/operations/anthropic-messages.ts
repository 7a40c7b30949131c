/**
 * `messages.create` of `@anthropic-ai/sdk` (and `messages.stream`, which calls it). Anthropic
 * reports input tokens without the cached ones, so per the conventions
 * input = input_tokens + cache_read_input_tokens + cache_creation_input_tokens.
 */
import type { LlmCallOutcome, ReportedUsage } from '../llm-call-outcome.js';
import { countOrUndefined } from '../llm-call-outcome.js';
import { asArray, asObject, asString, requestParameterAttributes, textPart } from './payload.js';
import type { JsonObject } from './payload.js';
import type { RequestBody, SdkOperation } from './sdk-operation.js';

interface AnthropicCounts {
  input?: number | undefined;
  output?: number | undefined;
  cacheRead?: number | undefined;
  cacheCreation?: number | undefined;
}

function readCounts(value: unknown, into: AnthropicCounts): void {
  const usage = asObject(value);
  if (usage === undefined) return;
  into.input = countOrUndefined(usage['input_tokens']) ?? into.input;
  into.output = countOrUndefined(usage['output_tokens']) ?? into.output;
  into.cacheRead = countOrUndefined(usage['cache_read_input_tokens']) ?? into.cacheRead;
  into.cacheCreation = countOrUndefined(usage['cache_creation_input_tokens']) ?? into.cacheCreation;
}

function toUsage(counts: AnthropicCounts): ReportedUsage | null {
  if (counts.input === undefined) return null;
  const usage: ReportedUsage = {
    inputTokens: counts.input + (counts.cacheRead ?? 0) + (counts.cacheCreation ?? 0),
  };
  if (counts.output !== undefined) usage.outputTokens = counts.output;
  if (counts.cacheRead !== undefined) usage.cacheReadInputTokens = counts.cacheRead;
  if (counts.cacheCreation !== undefined) usage.cacheCreationInputTokens = counts.cacheCreation;
  return usage;
}

function blockPart(block: JsonObject): JsonObject {
  switch (block['type']) {
    case 'text':
      return textPart(asString(block['text']) ?? '');
    case 'tool_use':
      return {
        type: 'tool_call',
        id: asString(block['id']) ?? null,
        name: asString(block['name']) ?? null,
        arguments: block['input'] ?? null,
      };
    case 'tool_result':
      return {
        type: 'tool_call_response',
        id: asString(block['tool_use_id']) ?? null,
        response: block['content'] ?? null,
      };
    default:
      return { type: asString(block['type']) ?? 'unknown' };
  }
}

function contentParts(content: unknown): JsonObject[] {
  if (typeof content === 'string') return [textPart(content)];
  return asArray(content).map((block) => blockPart(asObject(block) ?? {}));
}

function inputContent(body: RequestBody) {
  return {
    inputMessages: asArray(body['messages']).map((entry) => {
      const message = asObject(entry) ?? {};
      return { role: asString(message['role']) ?? 'user', parts: contentParts(message['content']) };
    }),
    systemInstructions: body['system'] === undefined ? [] : contentParts(body['system']),
  };
}

function readMessage(value: unknown, captureContent: boolean): LlmCallOutcome {
  const message = asObject(value);
  const counts: AnthropicCounts = {};
  readCounts(message?.['usage'], counts);
  const stopReason = asString(message?.['stop_reason']);
  const outcome: LlmCallOutcome = {
    responseId: asString(message?.['id']) ?? null,
    responseModel: asString(message?.['model']) ?? null,
    finishReasons: stopReason === undefined ? [] : [stopReason],
    usage: toUsage(counts),
  };
  if (captureContent) {
    outcome.outputMessages = [
      {
        role: 'assistant',
        parts: contentParts(message?.['content']),
        finish_reason: stopReason ?? null,
      },
    ];
  }
  return outcome;
}

export const anthropicMessages: SdkOperation = {
  operation: 'chat',
  headerFlavor: 'anthropic',
  describeRequest(body) {
    const stream = body['stream'] === true;
    return {
      requestModel: asString(body['model']) ?? 'unknown',
      stream,
      attributes: requestParameterAttributes({
        maxTokens: body['max_tokens'],
        temperature: body['temperature'],
        topP: body['top_p'],
        topK: body['top_k'],
        stopSequences: body['stop_sequences'],
        stream,
      }),
    };
  },
  inputContent,
  readResponse: readMessage,
  createStreamReader({ captureContent }) {
    const counts: AnthropicCounts = {};
    const outcome: LlmCallOutcome = { usage: null };
    let stopReason: string | undefined;
    let text = '';
    return {
      read(item) {
        const event = asObject(item);
        switch (event?.['type']) {
          case 'message_start': {
            const message = asObject(event['message']);
            outcome.responseId = asString(message?.['id']) ?? null;
            outcome.responseModel = asString(message?.['model']) ?? null;
            readCounts(message?.['usage'], counts);
            break;
          }
          case 'message_delta':
            stopReason = asString(asObject(event['delta'])?.['stop_reason']) ?? stopReason;
            readCounts(event['usage'], counts);
            break;
          case 'content_block_delta':
            if (captureContent) text += asString(asObject(event['delta'])?.['text']) ?? '';
            break;
        }
        return false;
      },
      outcome() {
        outcome.usage = toUsage(counts);
        outcome.finishReasons = stopReason === undefined ? [] : [stopReason];
        if (captureContent) {
          outcome.outputMessages = [
            { role: 'assistant', parts: [textPart(text)], finish_reason: stopReason ?? null },
          ];
        }
        return outcome;
      },
    };
  },
};
