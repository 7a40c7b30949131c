import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

describe('POST /v1/responses with the official openai client', () => {
  it('answers with output_text and usage details', async () => {
    const { openai, sim } = await startTestSim({
      catalog: smallCatalog({ reasoningTokens: { median: 12, p95: 12 } }),
    });
    const response = await openai.responses.create({
      model: 'test-chat',
      instructions: 'Be exact.',
      input: 'say exactly: tide tables',
    });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('tide tables');
    expect(response.usage).toMatchObject({
      output_tokens: countTokens('tide tables') + 12,
      output_tokens_details: { reasoning_tokens: 12 },
      input_tokens_details: { cached_tokens: 0 },
    });
    expect(sim.requests[0]).toMatchObject({ path: '/v1/responses', status: 200 });
  });

  it('streams events in order and ends with response.completed', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog() });
    const stream = await openai.responses.create({
      model: 'test-chat',
      input: 'say exactly: north by northwest',
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    let sequence = -1;
    for await (const event of stream) {
      types.push(event.type);
      expect(event.sequence_number).toBe(sequence + 1);
      sequence = event.sequence_number;
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(text).toBe('north by northwest');
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const final = await openai.responses
      .stream({ model: 'test-chat', input: 'say exactly: north by northwest' })
      .finalResponse();
    expect(final.output_text).toBe('north by northwest');
  });

  it('is incomplete when max_output_tokens cuts the answer', async () => {
    const { openai } = await startTestSim({
      catalog: smallCatalog({ outputTokens: { median: 200, p95: 200 } }),
    });
    const response = await openai.responses.create({
      model: 'test-chat',
      input: 'Write an essay',
      max_output_tokens: 16,
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.usage?.output_tokens).toBe(16);
  });

  it('calls a function tool and continues after its output', async () => {
    const { openai } = await startTestSim();
    const tools = [
      {
        type: 'function' as const,
        name: 'get_weather',
        strict: false,
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ];
    const response = await openai.responses.create({
      model: 'sim-instant',
      input: 'Weather in Porto?',
      tools,
    });
    const call = response.output[0];
    expect(call?.type).toBe('function_call');
    if (call?.type !== 'function_call') return;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Porto' });
    const next = await openai.responses.create({
      model: 'sim-instant',
      tools,
      input: [
        { role: 'user', content: 'Weather in Porto?' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: 'rainy, 14°C' },
      ],
    });
    expect(next.output_text).toContain('rainy, 14°C');
  });
});
