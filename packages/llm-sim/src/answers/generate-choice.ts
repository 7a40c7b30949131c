import type { Generation } from '../http/prepare-generation.js';
import type { SimState } from '../sim-state.js';
import { buildCompletion, type CompletionChoice } from './build-completion.js';
import type { Conversation } from './conversation.js';
import { generateAnswer } from './generate-answer.js';

/**
 * Choice `index` of a generation: the model's answer, then the request's limits (stop sequences,
 * max tokens). Its draws come from the purpose `answer:<index>`, so every route and every `n`
 * gets the same answer for the same request and attempt.
 */
export function generateChoice(options: {
  state: SimState;
  generation: Generation;
  conversation: Conversation;
  maxTokens: number | null;
  stopSequences: readonly string[];
  index: number;
}): CompletionChoice {
  const { generation } = options;
  const random = generation.random(`answer:${options.index}`);
  const answer = generateAnswer({
    conversation: options.conversation,
    model: generation.model,
    catalog: options.state.catalog,
    random,
  });
  return buildCompletion({
    answer,
    model: generation.model,
    maxTokens: options.maxTokens,
    stopSequences: options.stopSequences,
    random,
  });
}
