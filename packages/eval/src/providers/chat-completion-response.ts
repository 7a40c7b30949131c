/**
 * A Chat Completions answer as a `ProviderResponse`, the same for both `openai` clients: the
 * first choice's text (or its refusal), its finish reason and its function tool calls, from a
 * whole completion or gathered chunk by chunk from a stream (tool-call arguments arrive in
 * pieces, keyed by their index).
 */
import type { ToolCall } from '../scorers/scorer.js';
import type { ProviderResponse } from './provider.js';

interface CompletionMessage {
  content?: string | null;
  refusal?: string | null;
  tool_calls?: { type: string; function?: { name: string; arguments: string } }[] | null;
}

interface Completion {
  choices: { message: CompletionMessage; finish_reason: string | null }[];
}

interface ChunkChoice {
  delta: {
    content?: string | null;
    refusal?: string | null;
    tool_calls?: { index: number; function?: { name?: string; arguments?: string } }[] | null;
  };
  finish_reason?: string | null;
}

/** A non-streamed completion; a body without `choices` fails as it does with the SDK. */
export function completionResponse(completion: unknown): ProviderResponse {
  const choice = (completion as Completion).choices[0];
  return {
    output: choice?.message.content ?? choice?.message.refusal ?? '',
    finishReason: choice?.finish_reason ?? null,
    toolCalls: (choice?.message.tool_calls ?? []).flatMap((call) =>
      call.type === 'function' && call.function !== undefined
        ? [{ name: call.function.name, arguments: call.function.arguments }]
        : [],
    ),
  };
}

export class StreamedResponse {
  private output = '';
  private finishReason: string | null = null;
  private readonly toolCalls: ToolCall[] = [];

  /** One chunk; a chunk without choices (the usage chunk) adds nothing. */
  add(chunk: unknown): void {
    const choice = (chunk as { choices: ChunkChoice[] }).choices[0];
    if (choice === undefined) return;
    const { delta } = choice;
    if (typeof delta.content === 'string') this.output += delta.content;
    if (typeof delta.refusal === 'string') this.output += delta.refusal;
    const toolCalls = delta.tool_calls;
    if (toolCalls !== undefined && toolCalls !== null) {
      for (const piece of toolCalls) {
        const call = (this.toolCalls[piece.index] ??= { name: '', arguments: '' });
        if (piece.function?.name !== undefined) call.name += piece.function.name;
        if (piece.function?.arguments !== undefined) call.arguments += piece.function.arguments;
      }
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined)
      this.finishReason = choice.finish_reason;
  }

  response(): ProviderResponse {
    return {
      output: this.output,
      finishReason: this.finishReason,
      toolCalls: this.toolCalls.filter((call) => call !== undefined),
    };
  }
}
