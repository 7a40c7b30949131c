import type { CompiledRule, SimCatalog, SimModel } from '../catalog/resolve-catalog.js';
import { sampleLogNormal, type RandomSource } from '../random/seeded-random.js';
import { countTextTokens, truncateToTokens } from '../tokens/token-counter.js';
import type { Answer, Conversation, ToolDefinition } from './conversation.js';
import { guessSubject, valueFromSchema } from './value-from-schema.js';

/**
 * The simulated model's answer. The order is fixed and documented in the README:
 * 1. conversation ends with a tool result → a prose summary of it;
 * 2. tools offered and wanted (`required`, a named tool, or `auto` with a tool whose name words
 *    appear in the last user message) → a tool call with arguments built from its schema;
 * 3. the first rule whose patterns match → its answer, or with probability 1 - accuracy
 *    (model accuracy + the rule's system-prompt adjustments) a plausible wrong one;
 * 4. otherwise the fallback template padded with filler to a drawn output length.
 * JSON output formats then wrap or reshape prose. All draws come from `random`.
 */
export function generateAnswer(options: {
  conversation: Conversation;
  model: SimModel;
  catalog: SimCatalog;
  random: RandomSource;
}): Answer {
  const { conversation, model, catalog, random } = options;
  if (conversation.toolResult === null) {
    const tool = chooseTool(conversation);
    if (tool) {
      const subject = guessSubject(conversation.lastUserText);
      const input = valueFromSchema({ schema: tool.parameters, subject });
      return { kind: 'tool_calls', calls: [{ name: tool.name, arguments: JSON.stringify(input) }] };
    }
  }
  const text =
    conversation.toolResult !== null
      ? `Based on the tool result: ${excerpt(conversation.toolResult, 200)}`
      : (answerFromRules({ conversation, model, catalog, random }) ??
        fallbackAnswer({ conversation, model, catalog, random }));
  return { kind: 'text', text: shapeOutput(text, conversation) };
}

function chooseTool(conversation: Conversation): ToolDefinition | undefined {
  const { tools, toolChoice } = conversation;
  if (tools.length === 0 || toolChoice === 'none') return undefined;
  if (toolChoice === 'required') return tools[0];
  if (typeof toolChoice === 'object') return tools.find((tool) => tool.name === toolChoice.name);
  const message = conversation.lastUserText.toLowerCase();
  return tools.find((tool) =>
    tool.name
      .split(/[_\-\s]+|(?=[A-Z])/)
      .some((word) => word.length >= 3 && message.includes(word.toLowerCase())),
  );
}

function answerFromRules(options: {
  conversation: Conversation;
  model: SimModel;
  catalog: SimCatalog;
  random: RandomSource;
}): string | null {
  const { conversation, model, catalog, random } = options;
  for (const rule of catalog.rules) {
    if (rule.systemPattern && !rule.systemPattern.test(conversation.system)) continue;
    const match = rule.pattern.exec(conversation.lastUserText);
    if (match) return renderRule({ rule, match, conversation, model, random });
  }
  return null;
}

function renderRule(options: {
  rule: CompiledRule;
  match: RegExpExecArray;
  conversation: Conversation;
  model: SimModel;
  random: RandomSource;
}): string {
  const { rule, match, conversation, model, random } = options;
  let accuracy = model.accuracy;
  for (const adjustment of rule.adjustments) {
    if (adjustment.pattern.test(conversation.system)) accuracy += adjustment.delta;
  }
  const correct = random() < Math.min(1, Math.max(0, accuracy));
  const fields = new Map<string, string>();
  const lookup = (name: string): string | undefined =>
    fields.get(name) ??
    match.groups?.[name] ??
    (name === 'model' ? model.name : match[Number(name)]);
  if (rule.classify) {
    const text = rule.classify.text ? rule.classify.text(lookup) : conversation.lastUserText;
    for (const field of rule.classify.fields) {
      const choice = field.choices.find((candidate) => candidate.keywords.test(text));
      fields.set(field.name, choice?.value ?? field.defaultValue);
    }
    if (!correct && rule.classify.fields.length > 0) {
      const field = rule.classify.fields[Math.floor(random() * rule.classify.fields.length)];
      if (field) {
        const right = fields.get(field.name) ?? field.defaultValue;
        const neighbours = field.choices.find((choice) => choice.value === right)?.confusableWith;
        const candidates = (neighbours?.length ? neighbours : field.values).filter(
          (value) => value !== right,
        );
        const wrong = candidates[Math.floor(random() * candidates.length)];
        if (wrong !== undefined) fields.set(field.name, wrong);
      }
    }
    return rule.answer(lookup);
  }
  if (!correct && rule.wrongAnswers.length > 0) {
    const wrong = rule.wrongAnswers[Math.floor(random() * rule.wrongAnswers.length)];
    if (wrong) return wrong(lookup);
  }
  return rule.answer(lookup);
}

const FILLER = [
  'The simulator composes this text from fixed sentences so that lengths and token counts are realistic.',
  'Each sentence is chosen by a seeded draw, which keeps every run reproducible.',
  'Nothing here comes from a trained model; it only exercises clients, tracing and evaluation code.',
  'Latency, usage and finish reasons follow the distributions configured in the catalog.',
  'A longer prompt does not make this answer wiser, only the rules in the catalog decide its content.',
];

function fallbackAnswer(options: {
  conversation: Conversation;
  model: SimModel;
  catalog: SimCatalog;
  random: RandomSource;
}): string {
  const { conversation, model, catalog, random } = options;
  const target = Math.max(1, Math.round(sampleLogNormal({ ...model.outputTokens, random })));
  const head = catalog.fallback((name) =>
    name === 'model'
      ? model.name
      : name === 'excerpt'
        ? excerpt(conversation.lastUserText, 80)
        : undefined,
  );
  // The head is never cut: the drawn length only decides how much filler follows it.
  if (countTextTokens(head) >= target) return head;
  let text = head;
  let index = Math.floor(random() * FILLER.length);
  while (countTextTokens(text) < target) {
    text += ' ' + FILLER[index % FILLER.length];
    index++;
  }
  return countTextTokens(text) > target ? truncateToTokens(text, target) : text;
}

function shapeOutput(text: string, conversation: Conversation): string {
  const format = conversation.outputFormat;
  if (format.type === 'text') return text;
  const parsed = tryParseObject(text);
  if (format.type === 'json_object') return parsed ? text : JSON.stringify({ answer: text });
  if (parsed) return text;
  return JSON.stringify(valueFromSchema({ schema: format.schema, subject: excerpt(text, 200) }));
}

function tryParseObject(text: string): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

function excerpt(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}
