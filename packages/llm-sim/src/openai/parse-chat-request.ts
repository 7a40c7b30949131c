import { contentText, type Conversation } from '../answers/conversation.js';
import {
  arrayField,
  objectField,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  stopSequences,
} from '../http/field-checks.js';
import { invalidField } from '../http/request-error.js';
import { stableStringify } from '../random/stable-stringify.js';
import { countTextTokens } from '../tokens/token-counter.js';
import { parseOpenAiTools, parseOutputFormat } from './parse-openai-tools.js';

/** A validated `POST /v1/chat/completions` body. */
export interface ChatRequest {
  conversation: Conversation;
  stream: boolean;
  includeUsage: boolean;
  choices: number;
  maxTokens: number | null;
  stop: string[];
  inputTokens: number;
  /** Tokens of every message but the last (plus tools): the part a prompt cache can hold. */
  prefixTokens: number;
  /** Canonical text of that prefix; computed only when the model simulates prompt caching. */
  prefixText: () => string;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export function parseChatRequest(body: Record<string, unknown>): ChatRequest {
  const messages = arrayField(body.messages, 'messages', { nonEmpty: true });
  let system = '';
  let lastUserText = '';
  let toolResult: string | null = null;
  let inputTokens = 3;
  let prefixTokens = 0;
  messages.forEach((item, index) => {
    const message = objectField(item, `messages[${index}]`);
    const role = message.role;
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw invalidField(`messages[${index}].role`, `expected one of ${[...ROLES].join(', ')}.`);
    }
    const content = message.content;
    if (
      content !== undefined &&
      content !== null &&
      typeof content !== 'string' &&
      !Array.isArray(content)
    ) {
      throw invalidField(
        `messages[${index}].content`,
        'expected a string or an array of content parts.',
      );
    }
    const text = contentText(content);
    if (role === 'system' || role === 'developer') system += (system ? '\n' : '') + text;
    if (role === 'user') lastUserText = text;
    toolResult = role === 'tool' || role === 'function' ? text : null;
    const toolCalls =
      message.tool_calls === undefined ? 0 : countTextTokens(JSON.stringify(message.tool_calls));
    const tokens = 3 + countTextTokens(text) + toolCalls + 1;
    inputTokens += tokens;
    if (index < messages.length - 1) prefixTokens += tokens;
  });
  const { tools, toolChoice } = parseOpenAiTools({
    tools: body.tools,
    toolChoice: body.tool_choice,
  });
  const toolTokens = tools.length === 0 ? 0 : countTextTokens(JSON.stringify(body.tools));
  const stream = optionalBoolean(body.stream, 'stream') ?? false;
  const streamOptions =
    body.stream_options === undefined || body.stream_options === null
      ? {}
      : objectField(body.stream_options, 'stream_options');
  optionalNumber(body.temperature, 'temperature', { min: 0, max: 2 });
  optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  const maxTokens =
    optionalInteger(body.max_completion_tokens, 'max_completion_tokens', { min: 1 }) ??
    optionalInteger(body.max_tokens, 'max_tokens', { min: 1 }) ??
    null;
  return {
    conversation: {
      system,
      lastUserText,
      toolResult,
      tools,
      toolChoice,
      outputFormat: parseOutputFormat(body.response_format, 'response_format'),
    },
    stream,
    includeUsage:
      optionalBoolean(streamOptions.include_usage, 'stream_options.include_usage') ?? false,
    choices: optionalInteger(body.n, 'n', { min: 1, max: 128 }) ?? 1,
    maxTokens,
    stop: stopSequences(body.stop, 'stop'),
    inputTokens: inputTokens + toolTokens,
    prefixTokens: prefixTokens + toolTokens,
    prefixText: () => stableStringify([messages.slice(0, -1), body.tools ?? null]),
  };
}
