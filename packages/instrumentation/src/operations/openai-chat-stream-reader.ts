/**
 * Reads Chat Completions stream chunks as the caller iterates them: ids, finish reasons per
 * choice, usage. When we injected `include_usage`, the usage-only chunk is hidden and the
 * `usage: null` field it adds to every other chunk removed, so the caller sees what it asked for.
 * Runs once per chunk: plain property reads, no allocation for an ordinary chunk.
 */
import type { LlmCallOutcome } from '../llm-call-outcome.js';
import { openAiChatUsage } from './openai-chat-usage.js';
import { asNumber, asObject, asString, textPart } from './payload.js';
import type { JsonObject } from './payload.js';
import type { StreamReader } from './sdk-operation.js';

export function createChatStreamReader(options: {
  captureContent: boolean;
  injectedUsage: boolean;
}): StreamReader {
  const { captureContent, injectedUsage } = options;
  const outcome: LlmCallOutcome = { usage: null };
  const finishReasons = new Map<number, string>();
  // Only with content capture on.
  const texts = captureContent ? new Map<number, string>() : undefined;
  return {
    read(item) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
      const chunk = item as JsonObject;
      outcome.responseId ??= asString(chunk['id']) ?? null;
      outcome.responseModel ??= asString(chunk['model']) ?? null;
      const choices = chunk['choices'];
      const choiceList = Array.isArray(choices) ? (choices as unknown[]) : undefined;
      if (choiceList !== undefined) {
        for (let position = 0; position < choiceList.length; position += 1) {
          const choice = asObject(choiceList[position]);
          if (choice === undefined) continue;
          const reason = choice['finish_reason'];
          if (typeof reason === 'string') finishReasons.set(asNumber(choice['index']) ?? 0, reason);
          if (texts !== undefined) {
            const text = asString(asObject(choice['delta'])?.['content']);
            const index = asNumber(choice['index']) ?? 0;
            if (text !== undefined) texts.set(index, (texts.get(index) ?? '') + text);
          }
        }
      }
      const usage = chunk['usage'];
      if (usage === null) {
        if (injectedUsage) delete chunk['usage'];
        return false;
      }
      if (usage === undefined) return false;
      const reported = openAiChatUsage(usage);
      if (reported !== null) outcome.usage = reported;
      // The usage-only chunk we asked for, even when its usage is unreadable.
      return injectedUsage && choiceList !== undefined && choiceList.length === 0;
    },
    outcome() {
      const indexes = [...finishReasons.keys()].sort((left, right) => left - right);
      outcome.finishReasons = indexes.map((index) => finishReasons.get(index) as string);
      if (texts !== undefined) {
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
