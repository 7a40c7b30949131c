import { hashString } from '../random/hash-string.js';

/**
 * A deterministic unit vector for a text: hashed bag of words (each lower-cased word adds ±1 to
 * a few dimensions picked by its hash). Texts that share words get a higher cosine similarity,
 * which is enough for similarity scorers to behave sensibly on simulated data.
 */
export function embedText(options: { text: string; dimensions: number }): Float32Array {
  const { text, dimensions } = options;
  const vector = new Float32Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [''];
  for (const word of words) {
    const hash = hashString(word);
    for (let slot = 0; slot < 4; slot++) {
      const mixed = hashString(word, slot + 1);
      vector[mixed % dimensions]! += (hash >>> slot) & 1 ? 1 : -1;
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let index = 0; index < dimensions; index++) vector[index]! *= scale;
  return vector;
}
