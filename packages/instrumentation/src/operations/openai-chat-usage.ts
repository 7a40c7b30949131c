/** Chat Completions `usage` → reported usage (cached input and reasoning output included). */
import type { ReportedUsage } from '../llm-call-outcome.js';
import { countOrUndefined } from '../llm-call-outcome.js';
import { asObject } from './payload.js';

export function openAiChatUsage(value: unknown): ReportedUsage | null {
  const usage = asObject(value);
  const inputTokens = countOrUndefined(usage?.['prompt_tokens']);
  if (usage === undefined || inputTokens === undefined) return null;
  const reported: ReportedUsage = { inputTokens };
  const outputTokens = countOrUndefined(usage['completion_tokens']);
  if (outputTokens !== undefined) reported.outputTokens = outputTokens;
  const cached = countOrUndefined(asObject(usage['prompt_tokens_details'])?.['cached_tokens']);
  if (cached !== undefined) reported.cacheReadInputTokens = cached;
  const reasoning = countOrUndefined(
    asObject(usage['completion_tokens_details'])?.['reasoning_tokens'],
  );
  if (reasoning !== undefined) reported.reasoningOutputTokens = reasoning;
  return reported;
}
