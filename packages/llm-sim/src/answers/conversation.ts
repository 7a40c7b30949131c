/**
 * What the answer engine needs from a request, whatever API it came through. Each route
 * (chat completions, responses, messages) normalises its body into this shape.
 */

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments (OpenAI `parameters`, Anthropic `input_schema`). */
  parameters: unknown;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type OutputFormat =
  { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

export interface Conversation {
  system: string;
  lastUserText: string;
  /** Text of the tool result when the conversation ends with one (the model then answers in prose). */
  toolResult: string | null;
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
  outputFormat: OutputFormat;
}

/** The content a simulated model produced, before tokenisation and length limits. */
export type Answer =
  | { kind: 'text'; text: string }
  | { kind: 'tool_calls'; calls: { name: string; arguments: string }[] };

/** Text of an OpenAI or Anthropic content value: a string, or a list of parts with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part === null || typeof part !== 'object') continue;
    const record = part as Record<string, unknown>;
    if (typeof record.text === 'string') text += (text ? '\n' : '') + record.text;
    else if (record.content !== undefined) text += (text ? '\n' : '') + contentText(record.content);
  }
  return text;
}
