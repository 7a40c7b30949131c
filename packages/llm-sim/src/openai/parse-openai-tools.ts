import type { OutputFormat, ToolChoice, ToolDefinition } from '../answers/conversation.js';
import { arrayField, objectField, optionalString } from '../http/field-checks.js';
import { invalidField } from '../http/request-error.js';

/**
 * `tools` and `tool_choice` of both OpenAI routes. Chat completions nest the function
 * (`{ type, function: { name, parameters } }`); the Responses API flattens it (`{ type, name }`).
 */
export function parseOpenAiTools(options: { tools: unknown; toolChoice: unknown }): {
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
} {
  const tools: ToolDefinition[] = [];
  if (options.tools !== undefined && options.tools !== null) {
    arrayField(options.tools, 'tools', { nonEmpty: false }).forEach((item, index) => {
      const tool = objectField(item, `tools[${index}]`);
      if (tool.type !== 'function') return;
      const definition =
        tool.function === undefined ? tool : objectField(tool.function, `tools[${index}].function`);
      const name = optionalString(definition.name, `tools[${index}].function.name`);
      if (!name)
        throw invalidField(`tools[${index}].function.name`, 'a function tool needs a name.');
      tools.push({
        name,
        description:
          optionalString(definition.description, `tools[${index}].function.description`) ?? '',
        parameters: definition.parameters ?? { type: 'object', properties: {} },
      });
    });
  }
  return { tools, toolChoice: parseToolChoice(options.toolChoice) };
}

function parseToolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null) return 'auto';
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const choice = value as Record<string, unknown>;
    const nested = choice.function as Record<string, unknown> | undefined;
    const name = typeof nested?.name === 'string' ? nested.name : choice.name;
    if (typeof name === 'string') return { name };
  }
  throw invalidField('tool_choice', 'expected "auto", "none", "required" or a named function.');
}

/** Chat `response_format` or Responses `text.format`. */
export function parseOutputFormat(value: unknown, param: string): OutputFormat {
  if (value === undefined || value === null) return { type: 'text' };
  const format = objectField(value, param);
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      // Chat nests the schema under `json_schema`; the Responses API puts it on the format itself.
      const holder =
        format.json_schema === undefined
          ? format
          : objectField(format.json_schema, `${param}.json_schema`);
      return { type: 'json_schema', schema: holder.schema ?? {} };
    }
    default:
      throw invalidField(`${param}.type`, 'expected "text", "json_object" or "json_schema".');
  }
}
