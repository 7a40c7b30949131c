import {
  contentText,
  type Conversation,
  type ToolChoice,
  type ToolDefinition,
} from '../answers/conversation.js';
import {
  arrayField,
  objectField,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
  stopSequences,
} from '../http/field-checks.js';
import { invalidField } from '../http/request-error.js';
import { countTextTokens } from '../tokens/token-counter.js';

/** A validated `POST /v1/messages` body. */
export interface MessagesRequest {
  conversation: Conversation;
  stream: boolean;
  maxTokens: number;
  stop: string[];
  inputTokens: number;
  /** Tokens and canonical text up to the last `cache_control` block (tools → system → messages). */
  cachePrefixTokens: number;
  cachePrefixText: string | null;
}

export function parseMessagesRequest(body: Record<string, unknown>): MessagesRequest {
  const maxTokens = optionalInteger(body.max_tokens, 'max_tokens', { min: 1 });
  if (maxTokens === undefined) throw invalidField('max_tokens', 'Field required.');
  const messages = arrayField(body.messages, 'messages', { nonEmpty: true });
  let tokens = 0;
  let prefix = '';
  let cachePrefixTokens = 0;
  let cachePrefixText: string | null = null;
  // Segments in cache order; a `cache_control` marks everything so far as one cacheable prefix.
  const addSegment = (text: string, block: unknown): void => {
    tokens += countTextTokens(text) + 1;
    prefix += text + '\u0000';
    if (
      block !== null &&
      typeof block === 'object' &&
      (block as Record<string, unknown>).cache_control
    ) {
      cachePrefixTokens = tokens;
      cachePrefixText = prefix;
    }
  };
  const tools = parseTools(body.tools);
  (Array.isArray(body.tools) ? body.tools : []).forEach((tool) =>
    addSegment(JSON.stringify(tool), tool),
  );
  let system = '';
  if (typeof body.system === 'string') {
    system = body.system;
    addSegment(system, null);
  } else if (body.system !== undefined && body.system !== null) {
    arrayField(body.system, 'system', { nonEmpty: false }).forEach((block, index) => {
      const text =
        optionalString(objectField(block, `system[${index}]`).text, `system[${index}].text`) ?? '';
      system += (system ? '\n' : '') + text;
      addSegment(text, block);
    });
  }
  let lastUserText = '';
  let toolResult: string | null = null;
  messages.forEach((item, index) => {
    const message = objectField(item, `messages[${index}]`);
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw invalidField(`messages.${index}.role`, 'Input should be "user" or "assistant".');
    }
    const content = message.content;
    tokens += 3;
    if (typeof content === 'string') {
      addSegment(content, null);
      if (message.role === 'user') lastUserText = content;
      toolResult = null;
      return;
    }
    const blocks = arrayField(content, `messages.${index}.content`, { nonEmpty: false });
    let userText = '';
    let results: string | null = null;
    blocks.forEach((raw, blockIndex) => {
      const block = objectField(raw, `messages.${index}.content.${blockIndex}`);
      if (typeof block.type !== 'string') {
        throw invalidField(`messages.${index}.content.${blockIndex}.type`, 'Field required.');
      }
      const text =
        block.type === 'text'
          ? String(block.text ?? '')
          : block.type === 'tool_result'
            ? contentText(block.content)
            : JSON.stringify(block);
      addSegment(text, block);
      if (block.type === 'text') userText += (userText ? '\n' : '') + text;
      if (block.type === 'tool_result') results = (results ?? '') + text;
    });
    if (message.role === 'user') {
      if (userText) lastUserText = userText;
      toolResult = results;
    } else {
      toolResult = null;
    }
  });
  optionalNumber(body.temperature, 'temperature', { min: 0, max: 1 });
  optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 });
  optionalInteger(body.top_k, 'top_k', { min: 0 });
  return {
    conversation: {
      system,
      lastUserText,
      toolResult,
      tools,
      toolChoice: parseToolChoice(body.tool_choice),
      outputFormat: { type: 'text' },
    },
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    maxTokens,
    stop: stopSequences(body.stop_sequences, 'stop_sequences'),
    inputTokens: tokens,
    cachePrefixTokens,
    cachePrefixText,
  };
}

function parseTools(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  return arrayField(value, 'tools', { nonEmpty: false }).flatMap((item, index) => {
    const tool = objectField(item, `tools.${index}`);
    const name = optionalString(tool.name, `tools.${index}.name`);
    if (!name) throw invalidField(`tools.${index}.name`, 'Field required.');
    // Server tools (web search…) have a `type` and no schema; the simulator never calls them.
    if (tool.input_schema === undefined) return [];
    return [
      {
        name,
        description: optionalString(tool.description, `tools.${index}.description`) ?? '',
        parameters: tool.input_schema,
      },
    ];
  });
}

function parseToolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null) return 'auto';
  const choice = objectField(value, 'tool_choice');
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'none':
      return 'none';
    case 'any':
      return 'required';
    case 'tool':
      if (typeof choice.name === 'string') return { name: choice.name };
      throw invalidField('tool_choice.name', 'Field required.');
    default:
      throw invalidField('tool_choice.type', 'Input should be "auto", "any", "tool" or "none".');
  }
}
