import { describe, expect, it } from 'vitest';
import * as spec from './index.js';

const constants = Object.entries(spec as Record<string, unknown>).filter(
  (entry): entry is [string, string] => typeof entry[1] === 'string',
);

describe('attribute names', () => {
  it('gives every constant a distinct value, so no two concepts share a key', () => {
    const values = constants.map(([, value]) => value);
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps our additions under sextant.* and GenAI names under gen_ai.*', () => {
    for (const [name, value] of constants) {
      if (name.includes('_SEXTANT_')) expect(value, name).toMatch(/^sextant\.[a-z_.]+$/);
      if (name.includes('_GEN_AI_')) expect(value, name).toMatch(/^gen_ai\.[a-z_.]+$/);
    }
  });

  it('spells the v1.41 usage names as the conventions do', () => {
    expect(spec.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS).toBe(
      'gen_ai.usage.cache_read.input_tokens',
    );
    expect(spec.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS).toBe(
      'gen_ai.usage.cache_creation.input_tokens',
    );
    expect(spec.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS).toBe(
      'gen_ai.usage.reasoning.output_tokens',
    );
    expect(spec.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK).toBe(
      'gen_ai.response.time_to_first_chunk',
    );
  });
});
