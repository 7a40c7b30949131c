/**
 * Resolves a prompt version: reads its file when it has one (YAML/JSON with the prompt fields,
 * or plain text used as the single user message) and puts the system prompt first.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { SuiteIssue } from '../errors/suite-error.js';
import { createAjv, schemaIssues } from './schema-issues.js';
import { promptFileSchema } from './suite-schema.js';
import type { ChatMessage, PromptDefinition, ResolvedPrompt } from './suite-definition.js';
import { parseYamlSource } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

type PromptContent = Pick<PromptDefinition, 'system' | 'messages' | 'tools' | 'responseFormat'>;

let validatePromptFile: ReturnType<ReturnType<typeof createAjv>['compile']> | null = null;

export async function resolvePrompt(options: {
  prompt: PromptDefinition;
  index: number;
  suite: YamlSource;
  suiteDirectory: string;
  displayPath: (absolute: string) => string;
  issues: SuiteIssue[];
}): Promise<{ prompt: ResolvedPrompt; file: string | null } | null> {
  const { prompt, index, suite, issues } = options;
  const at = (field: string): SuiteIssue => ({
    file: suite.file,
    line: suite.lineOf(['prompts', index, field]),
    field: `prompts[${index}].${field}`,
    message: '',
  });
  const inline = prompt.system !== undefined || prompt.messages !== undefined;
  if (prompt.file !== undefined && (prompt.messages !== undefined || prompt.system !== undefined)) {
    issues.push({
      ...at('file'),
      message: 'cannot be combined with inline system/messages; use one or the other',
    });
    return null;
  }
  let content: PromptContent = prompt;
  let file = suite.file;
  let absolute: string | null = null;
  if (prompt.file !== undefined) {
    absolute = resolve(options.suiteDirectory, prompt.file);
    file = options.displayPath(absolute);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch {
      issues.push({
        ...at('file'),
        message: `refers to ${file}, which does not exist or cannot be read`,
      });
      return null;
    }
    const loaded = parsePromptFile({ text, file, absolute, issues });
    if (loaded === null) return null;
    content = loaded;
  } else if (!inline) {
    issues.push({
      ...at('id'),
      field: `prompts[${index}]`,
      message: 'needs `messages` (and optionally `system`) or a `file`',
    });
    return null;
  }
  const messages: ChatMessage[] = [];
  if (content.system !== undefined) messages.push({ role: 'system', content: content.system });
  messages.push(...(content.messages ?? []));
  if (messages.length === 0 || messages.every((message) => message.role === 'system')) {
    issues.push({
      ...at(prompt.file === undefined ? 'messages' : 'file'),
      message: 'needs at least one user message',
    });
    return null;
  }
  return {
    prompt: {
      id: prompt.id,
      description: prompt.description ?? '',
      messages,
      tools: content.tools ?? [],
      responseFormat: content.responseFormat ?? null,
      file,
    },
    file: absolute,
  };
}

function parsePromptFile(options: {
  text: string;
  file: string;
  absolute: string;
  issues: SuiteIssue[];
}): PromptContent | null {
  const extension = extname(options.absolute).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    return { messages: [{ role: 'user', content: options.text }] };
  }
  const source = parseYamlSource({ file: options.file, text: options.text });
  if (source.issues.length > 0) {
    options.issues.push(...source.issues);
    return null;
  }
  validatePromptFile ??= createAjv().compile(promptFileSchema);
  const problems = schemaIssues({ validate: validatePromptFile, value: source.value, source });
  if (problems.length > 0) {
    options.issues.push(...problems);
    return null;
  }
  return source.value as PromptContent;
}
