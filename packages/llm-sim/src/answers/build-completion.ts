import type { SimModel } from '../catalog/resolve-catalog.js';
import { sampleLogNormal, type RandomSource } from '../random/seeded-random.js';
import { countTextTokens, splitIntoTokenPieces, type TokenPiece } from '../tokens/token-counter.js';
import type { Answer } from './conversation.js';

/**
 * One generated choice after the limits of the request: stop sequences cut the text, and
 * `maxTokens` (which reasoning tokens count against, as on OpenAI's reasoning models) cuts it
 * to `finish: 'length'`. Pieces are what a stream sends, one token (or character) per chunk.
 */
export interface CompletionChoice {
  answer: Answer;
  pieces: readonly TokenPiece[];
  outputTokens: number;
  reasoningTokens: number;
  finish: 'stop' | 'length' | 'tool_calls' | 'stop_sequence';
  stopSequence: string | null;
}

export function buildCompletion(options: {
  answer: Answer;
  model: SimModel;
  maxTokens: number | null;
  stopSequences: readonly string[];
  random: RandomSource;
}): CompletionChoice {
  const { answer, model, maxTokens, stopSequences, random } = options;
  const reasoningTokens = model.reasoningTokens
    ? Math.round(sampleLogNormal({ ...model.reasoningTokens, random }))
    : 0;
  if (answer.kind === 'tool_calls') {
    let outputTokens = reasoningTokens;
    for (const call of answer.calls) {
      outputTokens += countTextTokens(call.name) + countTextTokens(call.arguments) + 3;
    }
    return {
      answer,
      pieces: [],
      outputTokens,
      reasoningTokens,
      finish: 'tool_calls',
      stopSequence: null,
    };
  }
  let text = answer.text;
  let stopSequence: string | null = null;
  let cut = -1;
  for (const stop of stopSequences) {
    const at = stop === '' ? -1 : answer.text.indexOf(stop);
    if (at >= 0 && (cut < 0 || at < cut)) {
      cut = at;
      stopSequence = stop;
    }
  }
  if (cut >= 0) text = answer.text.slice(0, cut);
  let pieces = splitIntoTokenPieces(text);
  let visibleTokens = 0;
  for (const piece of pieces) visibleTokens += piece.tokens;
  const budget = maxTokens === null ? Infinity : Math.max(0, maxTokens - reasoningTokens);
  if (visibleTokens > budget) {
    const kept: TokenPiece[] = [];
    let used = 0;
    for (const piece of pieces) {
      if (used + piece.tokens > budget) break;
      kept.push(piece);
      used += piece.tokens;
    }
    pieces = kept;
    return {
      answer: { kind: 'text', text: kept.map((piece) => piece.text).join('') },
      pieces,
      outputTokens: used + Math.min(reasoningTokens, maxTokens ?? reasoningTokens),
      reasoningTokens: Math.min(reasoningTokens, maxTokens ?? reasoningTokens),
      finish: 'length',
      stopSequence: null,
    };
  }
  return {
    answer: { kind: 'text', text },
    pieces,
    outputTokens: visibleTokens + reasoningTokens,
    reasoningTokens,
    finish: stopSequence === null ? 'stop' : 'stop_sequence',
    stopSequence,
  };
}
