import { generateChoice } from '../answers/generate-choice.js';
import { simulateOpenAiPromptCache } from '../answers/simulate-prompt-cache.js';
import type { Exchange } from '../http/exchange.js';
import { prepareGeneration } from '../http/prepare-generation.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendEventStream, sendJsonWithLatency } from '../http/send-with-latency.js';
import { simulatedId } from '../simulated-id.js';
import {
  chatCompletionBody,
  chatCompletionFrames,
  type ChatOutput,
} from './chat-completion-output.js';
import { parseChatRequest } from './parse-chat-request.js';

/** `POST /v1/chat/completions`, streaming or not. */
export async function handleChatCompletions(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange.request);
  exchange.entry.model = typeof body.model === 'string' ? body.model : null;
  const request = parseChatRequest(body);
  exchange.entry.stream = request.stream;
  const generation = prepareGeneration({
    exchange,
    body,
    kind: 'chat',
    tokens: request.inputTokens + (request.maxTokens ?? 0),
  });
  if (!generation) return;
  const { model } = generation;
  const choices = Array.from({ length: request.choices }, (_, index) =>
    generateChoice({
      state: exchange.state,
      generation,
      conversation: request.conversation,
      maxTokens: request.maxTokens,
      stopSequences: request.stop,
      index,
    }),
  );
  const cachedTokens = simulateOpenAiPromptCache({
    state: exchange.state,
    model,
    prefixTokens: request.prefixTokens,
    prefixText: request.prefixText,
  });
  let completionTokens = 0;
  let reasoningTokens = 0;
  for (const choice of choices) {
    completionTokens += choice.outputTokens;
    reasoningTokens += choice.reasoningTokens;
  }
  const output: ChatOutput = {
    id: simulatedId('chatcmpl-', generation.idSeed),
    created: Math.floor(exchange.state.now() / 1000),
    model: generation.responseModel,
    choices,
    callIds: (choice, call) => simulatedId('call_', `${generation.idSeed}:${choice}:${call}`),
    usage: {
      prompt_tokens: request.inputTokens,
      completion_tokens: completionTokens,
      total_tokens: request.inputTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: reasoningTokens,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
  };
  if (request.stream) {
    const stream = chatCompletionFrames({ output, includeUsage: request.includeUsage });
    await sendEventStream({ exchange, generation, stream });
    return;
  }
  await sendJsonWithLatency({
    exchange,
    generation,
    body: chatCompletionBody(output),
    outputTokens: completionTokens,
  });
}
