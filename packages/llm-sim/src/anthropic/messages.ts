import { generateChoice } from '../answers/generate-choice.js';
import { simulateAnthropicPromptCache } from '../answers/simulate-prompt-cache.js';
import type { Exchange } from '../http/exchange.js';
import { prepareGeneration } from '../http/prepare-generation.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendEventStream, sendJsonWithLatency } from '../http/send-with-latency.js';
import { simulatedId } from '../simulated-id.js';
import { messageBody, messageFrames, type MessageOutput } from './messages-output.js';
import { parseMessagesRequest } from './parse-messages-request.js';

/** `POST /v1/messages`, streaming or not. */
export async function handleMessages(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange.request);
  exchange.entry.model = typeof body.model === 'string' ? body.model : null;
  const request = parseMessagesRequest(body);
  exchange.entry.stream = request.stream;
  const generation = prepareGeneration({
    exchange,
    body,
    kind: 'chat',
    tokens: request.inputTokens + request.maxTokens,
  });
  if (!generation) return;
  const { model } = generation;
  const choice = generateChoice({
    state: exchange.state,
    generation,
    conversation: request.conversation,
    maxTokens: request.maxTokens,
    stopSequences: request.stop,
    index: 0,
  });
  const cache = simulateAnthropicPromptCache({
    state: exchange.state,
    model,
    prefixTokens: request.cachePrefixTokens,
    prefixText: request.cachePrefixText,
  });
  const output: MessageOutput = {
    id: simulatedId('msg_', generation.idSeed),
    model: generation.responseModel,
    choice,
    // Anthropic's input_tokens excludes what was read from or written to the cache.
    inputTokens: request.inputTokens - cache.read - cache.creation,
    cacheReadTokens: cache.read,
    cacheCreationTokens: cache.creation,
    toolUseId: (call) => simulatedId('toolu_', `${generation.idSeed}:${call}`),
  };
  if (request.stream) {
    await sendEventStream({ exchange, generation, stream: messageFrames(output) });
    return;
  }
  await sendJsonWithLatency({
    exchange,
    generation,
    body: messageBody(output),
    outputTokens: choice.outputTokens,
  });
}
