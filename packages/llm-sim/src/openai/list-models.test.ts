import { describe, expect, it } from 'vitest';
import { startTestSim } from '../test-support/start-test-sim.js';

describe('GET /v1/models', () => {
  it('lists the models each vendor may serve, in its shape', async () => {
    const { openai, anthropic } = await startTestSim();
    const openaiIds = (await openai.models.list()).data.map((model) => model.id);
    expect(openaiIds).toContain('sim-premium');
    expect(openaiIds).toContain('gpt-4o-mini');
    expect(openaiIds).not.toContain('claude-sonnet-4-20250514');
    const anthropicModels = [];
    for await (const model of anthropic.models.list()) anthropicModels.push(model);
    expect(anthropicModels.map((model) => model.id)).toContain('claude-3-5-haiku-latest');
    expect(anthropicModels.map((model) => model.id)).not.toContain('gpt-4o');
    expect(anthropicModels[0]).toMatchObject({ type: 'model', created_at: '2025-01-01T00:00:00Z' });
  });

  it('retrieves one model and answers 404 for an unknown one', async () => {
    const { openai } = await startTestSim();
    expect(await openai.models.retrieve('sim-budget')).toMatchObject({
      id: 'sim-budget',
      object: 'model',
    });
    await expect(openai.models.retrieve('gpt-imaginary')).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
  });
});
