import type { CompletionChoice } from '../answers/build-completion.js';
import { sseFrame, type EventStream } from '../http/send-with-latency.js';
import { splitArguments } from '../openai/chat-completion-output.js';

/**
 * The Anthropic Messages wire format: the `message` object, and the SSE event sequence
 * `message_start`, `content_block_start`, `ping`, `content_block_delta`…, `content_block_stop`,
 * `message_delta` (stop reason and usage), `message_stop`.
 */
export interface MessageOutput {
  id: string;
  model: string;
  choice: CompletionChoice;
  inputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  toolUseId: (call: number) => string;
}

const STOP_REASONS: Record<CompletionChoice['finish'], string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  stop_sequence: 'stop_sequence',
};

function usage(output: MessageOutput, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: output.inputTokens,
    cache_creation_input_tokens: output.cacheCreationTokens,
    cache_read_input_tokens: output.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: output.cacheCreationTokens,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function contentBlocks(output: MessageOutput): Record<string, unknown>[] {
  const { answer } = output.choice;
  if (answer.kind === 'text') return [{ type: 'text', text: answer.text }];
  return answer.calls.map((call, index) => ({
    type: 'tool_use',
    id: output.toolUseId(index),
    name: call.name,
    input: JSON.parse(call.arguments) as unknown,
  }));
}

export function messageBody(output: MessageOutput): unknown {
  return {
    id: output.id,
    type: 'message',
    role: 'assistant',
    model: output.model,
    content: contentBlocks(output),
    stop_reason: STOP_REASONS[output.choice.finish],
    stop_sequence: output.choice.stopSequence,
    stop_details: null,
    usage: usage(output, output.choice.outputTokens),
  };
}

export function messageFrames(output: MessageOutput): EventStream {
  const { choice } = output;
  const frames: string[] = [];
  const tokenFrames: number[] = [];
  const event = (name: string, data: unknown): void => {
    frames.push(sseFrame(JSON.stringify(data), name));
  };
  event('message_start', {
    type: 'message_start',
    message: {
      id: output.id,
      type: 'message',
      role: 'assistant',
      model: output.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      usage: usage(output, 1),
    },
  });
  if (choice.answer.kind === 'text') {
    event('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    event('ping', { type: 'ping' });
    for (const piece of choice.pieces) {
      tokenFrames.push(frames.length);
      frames.push(
        `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(piece.text)}}}\n\n`,
      );
    }
    event('content_block_stop', { type: 'content_block_stop', index: 0 });
  } else {
    choice.answer.calls.forEach((call, index) => {
      event('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: {
          type: 'tool_use',
          id: output.toolUseId(index),
          name: call.name,
          input: {},
        },
      });
      if (index === 0) event('ping', { type: 'ping' });
      for (const piece of splitArguments(call.arguments)) {
        tokenFrames.push(frames.length);
        event('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        });
      }
      event('content_block_stop', { type: 'content_block_stop', index });
    });
  }
  event('message_delta', {
    type: 'message_delta',
    delta: {
      stop_reason: STOP_REASONS[choice.finish],
      stop_sequence: choice.stopSequence,
      stop_details: null,
    },
    usage: usage(output, choice.outputTokens),
  });
  event('message_stop', { type: 'message_stop' });
  return { frames, tokenFrames };
}
