import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTextTokens, splitIntoTokenPieces, truncateToTokens } from './token-counter.js';

describe('token counter', () => {
  it('counts with the o200k_base tokenizer, not characters / 4', () => {
    const text = 'Supercalifragilisticexpialidocious tokenisation of lighthouse keepers';
    expect(countTextTokens(text)).toBe(encode(text).length);
    expect(countTextTokens('')).toBe(0);
  });

  it('splits into pieces that join back to the text, merging split multi-byte characters', () => {
    for (const text of ['plain words here', 'emoji 🚢⚓ and 漢字 mixed', 'ünïcödé ✓']) {
      const pieces = splitIntoTokenPieces(text);
      expect(pieces.map((piece) => piece.text).join('')).toBe(text);
      expect(pieces.reduce((sum, piece) => sum + piece.tokens, 0)).toBe(encode(text).length);
      for (const piece of pieces) expect(piece.text).not.toContain('\uFFFD');
    }
  });

  it('truncates to a number of tokens', () => {
    const text = 'one two three four five six';
    expect(truncateToTokens(text, 3)).toBe('one two three');
    expect(truncateToTokens(text, 0)).toBe('');
  });
});
