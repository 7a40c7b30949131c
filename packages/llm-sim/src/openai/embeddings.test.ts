import { describe, expect, it } from 'vitest';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

function cosine(left: number[], right: number[]): number {
  let dot = 0;
  for (let index = 0; index < left.length; index++) dot += (left[index] ?? 0) * (right[index] ?? 0);
  return dot;
}

describe('POST /v1/embeddings with the official openai client', () => {
  it('returns unit vectors (base64 by the SDK default, or float) with usage', async () => {
    const { openai, sim } = await startTestSim();
    const texts = [
      'refund for a double charge',
      'double charge refund please',
      'the harbour at dawn',
    ];
    const base64 = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: texts,
    });
    const floats = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: texts,
      encoding_format: 'float',
    });
    expect(sim.requests[0]?.headers['content-type']).toContain('application/json');
    expect(base64.data).toHaveLength(3);
    const vectors = floats.data.map((item) => item.embedding);
    expect(vectors[0]).toHaveLength(1536);
    for (const [index, item] of base64.data.entries()) {
      for (let dimension = 0; dimension < 1536; dimension += 97) {
        expect(item.embedding[dimension]).toBeCloseTo(vectors[index]?.[dimension] ?? NaN, 6);
      }
    }
    expect(cosine(vectors[0]!, vectors[0]!)).toBeCloseTo(1, 5);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
    expect(floats.usage.prompt_tokens).toBeGreaterThan(8);
    expect(floats.model).toBe('text-embedding-3-small');
  });

  it('honours dimensions and rejects a chat model', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog() });
    const small = await openai.embeddings.create({
      model: 'test-embed',
      input: 'x',
      dimensions: 4,
      encoding_format: 'float',
    });
    expect(small.data[0]?.embedding).toHaveLength(4);
    const defaults = await openai.embeddings.create({
      model: 'test-embed',
      input: 'x',
      encoding_format: 'float',
    });
    expect(defaults.data[0]?.embedding).toHaveLength(8);
    await expect(
      openai.embeddings.create({ model: 'test-chat', input: 'x' }),
    ).rejects.toMatchObject({ status: 400, param: 'model' });
  });
});
