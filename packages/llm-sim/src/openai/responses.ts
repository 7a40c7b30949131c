import { generateChoice } from '../answers/generate-choice.js';
import { simulateOpenAiPromptCache } from '../answers/simulate-prompt-cache.js';
import type { Exchange } from '../http/exchange.js';
import { prepareGeneration } from '../http/prepare-generation.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendEventStream, sendJsonWithLatency } from '../http/send-with-latency.js';
import { simulatedId } from '../simulated-id.js';
import { parseResponsesRequest } from './parse-responses-request.js';
import { responseBody, responseFrames, type ResponseOutput } from './responses-output.js';

/** `POST /v1/responses`, streaming or not. Nothing is stored: `previous_response_id` is not supported. */
export async function handleResponses(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange.request);
  exchange.entry.model = typeof body.model === 'string' ? body.model : null;
  const request = parseResponsesRequest(body);
  exchange.entry.stream = request.stream;
  const generation = prepareGeneration({
    exchange,
    body,
    kind: 'chat',
    tokens: request.inputTokens + (request.maxTokens ?? 0),
  });
  if (!generation) return;
  const { model } = generation;
  const choice = generateChoice({
    state: exchange.state,
    generation,
    conversation: request.conversation,
    maxTokens: request.maxTokens,
    stopSequences: [],
    index: 0,
  });
  const cachedTokens = simulateOpenAiPromptCache({
    state: exchange.state,
    model,
    prefixTokens: request.prefixTokens,
    prefixText: request.prefixText,
  });
  const output: ResponseOutput = {
    id: simulatedId('resp_', generation.idSeed),
    createdAt: Math.floor(exchange.state.now() / 1000),
    model: generation.responseModel,
    choice,
    itemId: (index) =>
      simulatedId(choice.answer.kind === 'text' ? 'msg_' : 'fc_', `${generation.idSeed}:${index}`),
    callId: (index) => simulatedId('call_', `${generation.idSeed}:${index}`),
    usage: {
      input_tokens: request.inputTokens,
      input_tokens_details: { cached_tokens: cachedTokens },
      output_tokens: choice.outputTokens,
      output_tokens_details: { reasoning_tokens: choice.reasoningTokens },
      total_tokens: request.inputTokens + choice.outputTokens,
    },
    echo: { ...request.echo, maxTokens: request.maxTokens },
  };
  if (request.stream) {
    await sendEventStream({ exchange, generation, stream: responseFrames(output) });
    return;
  }
  await sendJsonWithLatency({
    exchange,
    generation,
    body: responseBody(output, 'final'),
    outputTokens: choice.outputTokens,
  });
}
