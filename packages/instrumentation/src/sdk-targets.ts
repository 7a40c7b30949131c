/**
 * Which methods of which SDK clients are instrumented, found by shape so that any version with
 * the same layout works: `openai` (chat.completions, responses, embeddings) and
 * `@anthropic-ai/sdk` (messages and beta.messages; `messages.stream()` goes through `create`).
 */
import { anthropicMessages } from './operations/anthropic-messages.js';
import { openAiChatCompletions } from './operations/openai-chat-completions.js';
import { openAiEmbeddings } from './operations/openai-embeddings.js';
import { openAiResponses } from './operations/openai-responses.js';
import type { SdkOperation } from './operations/sdk-operation.js';

export interface MethodTarget {
  /** The object holding the `create` method (a resource instance or its prototype). */
  holder: Record<string, unknown>;
  operation: SdkOperation;
}

function child(value: unknown, key: string): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const next = (value as Record<string, unknown>)[key];
  return next !== null && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
}

function withCreate(
  holder: Record<string, unknown> | undefined,
  operation: SdkOperation,
): MethodTarget[] {
  return holder !== undefined && typeof holder['create'] === 'function'
    ? [{ holder, operation }]
    : [];
}

export function isOpenAiClient(client: unknown): boolean {
  return typeof child(child(client, 'chat'), 'completions')?.['create'] === 'function';
}

export function isAnthropicClient(client: unknown): boolean {
  return !isOpenAiClient(client) && typeof child(client, 'messages')?.['create'] === 'function';
}

/** The resource instances of one client whose `create` gets wrapped. */
export function clientTargets(client: unknown): MethodTarget[] {
  if (isOpenAiClient(client)) {
    return [
      ...withCreate(child(child(client, 'chat'), 'completions'), openAiChatCompletions),
      ...withCreate(child(client, 'responses'), openAiResponses),
      ...withCreate(child(client, 'embeddings'), openAiEmbeddings),
    ];
  }
  if (isAnthropicClient(client)) {
    return [
      ...withCreate(child(client, 'messages'), anthropicMessages),
      ...withCreate(child(child(client, 'beta'), 'messages'), anthropicMessages),
    ];
  }
  return [];
}
