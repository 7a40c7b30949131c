import { countTokens, decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * Token counts and token-sized pieces from a real BPE tokenizer (o200k_base, the encoding of
 * GPT-4o-class models; Anthropic counts are approximated with the same encoding). Results are
 * memoised per string because the simulator sees the same prompts and answers again and again.
 */

/** One streamed piece of text and how many tokens it stands for (usually 1). */
export interface TokenPiece {
  text: string;
  tokens: number;
}

const CACHE_LIMIT = 20_000;
const countCache = new Map<string, number>();
const pieceCache = new Map<string, readonly TokenPiece[]>();
const truncateCache = new Map<string, string>();

export function countTextTokens(text: string): number {
  if (text === '') return 0;
  let count = countCache.get(text);
  if (count === undefined) {
    count = countTokens(text);
    remember(countCache, text, count);
  }
  return count;
}

/**
 * Splits text into pieces of whole tokens. Tokens that hold part of a multi-byte character are
 * merged with the next ones, so every piece is valid text and the pieces join back to `text`.
 */
export function splitIntoTokenPieces(text: string): readonly TokenPiece[] {
  if (text === '') return [];
  let pieces = pieceCache.get(text);
  if (pieces === undefined) {
    pieces = computePieces(text);
    remember(pieceCache, text, pieces);
  }
  return pieces;
}

/** The first `limit` tokens of `text`, decoded. */
export function truncateToTokens(text: string, limit: number): string {
  if (limit <= 0) return '';
  const key = `${limit}\u0000${text}`;
  let truncated = truncateCache.get(key);
  if (truncated === undefined) {
    truncated = decode(encode(text).slice(0, limit));
    remember(truncateCache, key, truncated);
  }
  return truncated;
}

function computePieces(text: string): TokenPiece[] {
  const pieces: TokenPiece[] = [];
  let pending: number[] = [];
  for (const token of encode(text)) {
    pending.push(token);
    const decoded = decode(pending);
    if (decoded.endsWith('\uFFFD')) continue;
    pieces.push({ text: decoded, tokens: pending.length });
    pending = [];
  }
  if (pending.length > 0) pieces.push({ text: decode(pending), tokens: pending.length });
  return pieces;
}

function remember<Value>(cache: Map<string, Value>, key: string, value: Value): void {
  // A full reset is cheaper than LRU bookkeeping and the working set refills in milliseconds.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
