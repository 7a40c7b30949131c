import type { CompletionChoice } from '../answers/build-completion.js';
import { sseFrame, type EventStream } from '../http/send-with-latency.js';
import { splitArguments } from './chat-completion-output.js';

/**
 * The Responses API wire format: the `response` object and its streaming events
 * (`response.created`, `response.in_progress`, `response.output_item.added`,
 * `response.content_part.added`, `response.output_text.delta`…, the `.done` events, then
 * `response.completed` or `response.incomplete` when `max_output_tokens` cut the text).
 */
export interface ResponseOutput {
  id: string;
  createdAt: number;
  model: string;
  choice: CompletionChoice;
  itemId: (index: number) => string;
  callId: (index: number) => string;
  usage: Record<string, unknown>;
  echo: {
    instructions: string | null;
    temperature: number | null;
    topP: number | null;
    tools: unknown[];
    maxTokens: number | null;
  };
}

function outputItems(output: ResponseOutput): Record<string, unknown>[] {
  const { answer } = output.choice;
  if (answer.kind === 'text') {
    return [
      {
        id: output.itemId(0),
        type: 'message',
        status: output.choice.finish === 'length' ? 'incomplete' : 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: answer.text, annotations: [], logprobs: [] }],
      },
    ];
  }
  return answer.calls.map((call, index) => ({
    id: output.itemId(index),
    type: 'function_call',
    status: 'completed',
    call_id: output.callId(index),
    name: call.name,
    arguments: call.arguments,
  }));
}

export function responseBody(
  output: ResponseOutput,
  state: 'in_progress' | 'final',
): Record<string, unknown> {
  const incomplete = output.choice.finish === 'length';
  const final = state === 'final';
  return {
    id: output.id,
    object: 'response',
    created_at: output.createdAt,
    status: final ? (incomplete ? 'incomplete' : 'completed') : 'in_progress',
    completed_at: final && !incomplete ? output.createdAt : null,
    error: null,
    incomplete_details: final && incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: output.echo.instructions,
    max_output_tokens: output.echo.maxTokens,
    metadata: {},
    model: output.model,
    output: final ? outputItems(output) : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: false,
    temperature: output.echo.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: output.echo.tools,
    top_p: output.echo.topP ?? 1,
    truncation: 'disabled',
    usage: final ? output.usage : null,
  };
}

export function responseFrames(output: ResponseOutput): EventStream {
  const frames: string[] = [];
  const tokenFrames: number[] = [];
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>): void => {
    if (type === 'response.output_text.delta' || type === 'response.function_call_arguments.delta')
      tokenFrames.push(frames.length);
    frames.push(sseFrame(JSON.stringify({ type, sequence_number: sequence++, ...data }), type));
  };
  event('response.created', { response: responseBody(output, 'in_progress') });
  event('response.in_progress', { response: responseBody(output, 'in_progress') });
  const items = outputItems(output);
  const { answer } = output.choice;
  items.forEach((item, outputIndex) => {
    const itemId = item.id as string;
    if (answer.kind === 'text') {
      event('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', content: [] },
      });
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      event('response.content_part.added', {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part,
      });
      for (const piece of output.choice.pieces) {
        event('response.output_text.delta', {
          item_id: itemId,
          output_index: outputIndex,
          content_index: 0,
          delta: piece.text,
          logprobs: [],
        });
      }
      const text = answer.text;
      event('response.output_text.done', {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        text,
        logprobs: [],
      });
      event('response.content_part.done', {
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        part: { ...part, text },
      });
    } else {
      event('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      const args = item.arguments as string;
      for (const piece of splitArguments(args)) {
        event('response.function_call_arguments.delta', {
          item_id: itemId,
          output_index: outputIndex,
          delta: piece,
        });
      }
      event('response.function_call_arguments.done', {
        item_id: itemId,
        output_index: outputIndex,
        name: item.name,
        arguments: args,
      });
    }
    event('response.output_item.done', { output_index: outputIndex, item });
  });
  const final = responseBody(output, 'final');
  event(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', {
    response: final,
  });
  return { frames, tokenFrames };
}
