import type { CompletionChoice } from '../answers/build-completion.js';
import { sseFrame, type EventStream } from '../http/send-with-latency.js';

/**
 * The Chat Completions wire format: the `chat.completion` object and the `chat.completion.chunk`
 * SSE frames (role chunk, one chunk per token piece or tool-argument piece, a finish chunk, the
 * usage chunk with `choices: []` when `stream_options.include_usage`, then `[DONE]`).
 * Chunks are built by string concatenation: a stream has many of them.
 */
export interface ChatOutput {
  id: string;
  created: number;
  model: string;
  choices: readonly CompletionChoice[];
  usage: Record<string, unknown>;
  /** Tool call ids per choice. */
  callIds: (choice: number, call: number) => string;
}

export function chatFinishReason(choice: CompletionChoice): string {
  return choice.finish === 'stop_sequence' ? 'stop' : choice.finish;
}

export function chatCompletionBody(output: ChatOutput): unknown {
  return {
    id: output.id,
    object: 'chat.completion',
    created: output.created,
    model: output.model,
    choices: output.choices.map((choice, index) => ({
      index,
      message:
        choice.answer.kind === 'tool_calls'
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              annotations: [],
              tool_calls: choice.answer.calls.map((call, callIndex) => ({
                id: output.callIds(index, callIndex),
                type: 'function',
                function: { name: call.name, arguments: call.arguments },
              })),
            }
          : { role: 'assistant', content: choice.answer.text, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: chatFinishReason(choice),
    })),
    usage: output.usage,
    service_tier: 'default',
    system_fingerprint: 'fp_llm_sim',
  };
}

export function chatCompletionFrames(options: {
  output: ChatOutput;
  includeUsage: boolean;
}): EventStream {
  const { output, includeUsage } = options;
  const head =
    `{"id":${JSON.stringify(output.id)},"object":"chat.completion.chunk","created":${output.created},` +
    `"model":${JSON.stringify(output.model)},"service_tier":"default","system_fingerprint":"fp_llm_sim","choices":[`;
  const tail = includeUsage ? '],"usage":null}' : ']}';
  const frames: string[] = [];
  const tokenFrames: number[] = [];
  const chunk = (index: number, delta: string, finish: string | null): string =>
    sseFrame(
      `${head}{"index":${index},"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}${tail}`,
    );
  const tokenChunk = (index: number, delta: string): void => {
    tokenFrames.push(frames.length);
    frames.push(chunk(index, delta, null));
  };
  output.choices.forEach((choice, index) => {
    frames.push(chunk(index, '{"role":"assistant","content":"","refusal":null}', null));
  });
  output.choices.forEach((choice, index) => {
    if (choice.answer.kind === 'tool_calls') {
      choice.answer.calls.forEach((call, callIndex) => {
        const id = JSON.stringify(output.callIds(index, callIndex));
        tokenChunk(
          index,
          `{"tool_calls":[{"index":${callIndex},"id":${id},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}]}`,
        );
        for (const piece of splitArguments(call.arguments)) {
          tokenChunk(
            index,
            `{"tool_calls":[{"index":${callIndex},"function":{"arguments":${JSON.stringify(piece)}}}]}`,
          );
        }
      });
    } else {
      for (const piece of choice.pieces)
        tokenChunk(index, `{"content":${JSON.stringify(piece.text)}}`);
    }
  });
  output.choices.forEach((choice, index) =>
    frames.push(chunk(index, '{}', chatFinishReason(choice))),
  );
  if (includeUsage) {
    frames.push(sseFrame(`${head}],"usage":${JSON.stringify(output.usage)}}`));
  }
  frames.push('data: [DONE]\n\n');
  return { frames, tokenFrames };
}

/** Tool arguments arrive in small slices, as from the real API. */
export function splitArguments(text: string): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += 8) pieces.push(text.slice(index, index + 8));
  return pieces;
}
