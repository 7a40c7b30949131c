import { contentText, type Conversation } from '../answers/conversation.js';
import {
  arrayField,
  objectField,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
} from '../http/field-checks.js';
import { invalidField } from '../http/request-error.js';
import { stableStringify } from '../random/stable-stringify.js';
import { countTextTokens } from '../tokens/token-counter.js';
import { parseOpenAiTools, parseOutputFormat } from './parse-openai-tools.js';

/** A validated `POST /v1/responses` body. */
export interface ResponsesRequest {
  conversation: Conversation;
  stream: boolean;
  maxTokens: number | null;
  inputTokens: number;
  prefixTokens: number;
  prefixText: () => string;
  echo: {
    instructions: string | null;
    temperature: number | null;
    topP: number | null;
    tools: unknown[];
  };
}

export function parseResponsesRequest(body: Record<string, unknown>): ResponsesRequest {
  const instructions = optionalString(body.instructions, 'instructions') ?? null;
  let system = instructions ?? '';
  let lastUserText = '';
  let toolResult: string | null = null;
  let inputTokens = instructions === null ? 0 : countTextTokens(instructions) + 4;
  let prefixTokens = inputTokens;
  const items: unknown[] =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : arrayField(body.input, 'input', { nonEmpty: true });
  items.forEach((raw, index) => {
    const item = objectField(raw, `input[${index}]`);
    const type = item.type ?? 'message';
    let text: string;
    if (type === 'message') {
      const role = item.role;
      if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer') {
        throw invalidField(
          `input[${index}].role`,
          'expected "user", "assistant", "system" or "developer".',
        );
      }
      if (typeof item.content !== 'string' && !Array.isArray(item.content)) {
        throw invalidField(
          `input[${index}].content`,
          'expected a string or an array of content parts.',
        );
      }
      text = contentText(item.content);
      if (role === 'system' || role === 'developer') system += (system ? '\n' : '') + text;
      if (role === 'user') lastUserText = text;
      toolResult = null;
    } else if (type === 'function_call_output') {
      text = typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? '');
      toolResult = text;
    } else {
      text = JSON.stringify(item);
      toolResult = null;
    }
    const tokens = countTextTokens(text) + 4;
    inputTokens += tokens;
    if (index < items.length - 1) prefixTokens += tokens;
  });
  const { tools, toolChoice } = parseOpenAiTools({
    tools: body.tools,
    toolChoice: body.tool_choice,
  });
  const toolTokens = tools.length === 0 ? 0 : countTextTokens(JSON.stringify(body.tools));
  const text = body.text === undefined || body.text === null ? {} : objectField(body.text, 'text');
  return {
    conversation: {
      system,
      lastUserText,
      toolResult,
      tools,
      toolChoice,
      outputFormat: parseOutputFormat(text.format, 'text.format'),
    },
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    maxTokens: optionalInteger(body.max_output_tokens, 'max_output_tokens', { min: 1 }) ?? null,
    inputTokens: inputTokens + toolTokens,
    prefixTokens: prefixTokens + toolTokens,
    prefixText: () =>
      stableStringify([body.instructions ?? null, items.slice(0, -1), body.tools ?? null]),
    echo: {
      instructions,
      temperature: optionalNumber(body.temperature, 'temperature', { min: 0, max: 2 }) ?? null,
      topP: optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 }) ?? null,
      tools: Array.isArray(body.tools) ? body.tools : [],
    },
  };
}
