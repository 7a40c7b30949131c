import { describe, expect, it } from 'vitest';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

const triage = [
  { role: 'system' as const, content: 'You triage support tickets. Answer in JSON.' },
  { role: 'user' as const, content: 'I was charged twice on my invoice, fix it ASAP.' },
];

describe('POST /v1/chat/completions with the official openai client', () => {
  it('answers from the rules with usage counted by the tokenizer', async () => {
    const { openai, sim } = await startTestSim();
    const completion = await openai.chat.completions.create({
      model: 'sim-instant',
      messages: triage,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      intent: 'billing',
      priority: 'high',
      needs_human: false,
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    // '{"intent":"billing","priority":"high","needs_human":false}' is 15 o200k tokens.
    expect(completion.usage?.completion_tokens).toBe(15);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(20);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'sim-instant',
      status: 200,
      stream: false,
    });
  });

  it('streams the same answer chunk by chunk, with a final usage chunk when asked', async () => {
    // Two simulators with the same seed: the stream flags are not part of the determinism key,
    // so the first streamed request gets exactly the draw of the first non-streamed one.
    const plain = await startTestSim({ seed: 7 });
    const streaming = await startTestSim({ seed: 7 });
    const request = {
      model: 'sim-instant',
      messages: [{ role: 'user' as const, content: 'Tell me about lighthouses' }],
    };
    const whole = await plain.openai.chat.completions.create(request);
    const stream = await streaming.openai.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    const finishReasons: (string | null)[] = [];
    let usage: unknown = null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
      if (chunk.usage) {
        expect(chunk.choices).toEqual([]);
        usage = chunk.usage;
      }
    }
    expect(text).toBe(whole.choices[0]?.message.content);
    // One role chunk, one chunk per token, one finish chunk, one usage chunk.
    expect(chunks).toBe((whole.usage?.completion_tokens ?? 0) + 3);
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toEqual(whole.usage);
    expect(streaming.sim.requests[0]?.stream).toBe(true);
  });

  it('returns n choices and cuts at max_tokens with finish_reason length', async () => {
    const { openai } = await startTestSim({
      catalog: smallCatalog({ outputTokens: { median: 80, p95: 80 } }),
    });
    const completion = await openai.chat.completions.create({
      model: 'test-chat',
      n: 3,
      max_completion_tokens: 7,
      messages: [{ role: 'user', content: 'Describe the ocean at length' }],
    });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    for (const choice of completion.choices) expect(choice.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(21);
  });

  it('stops at a stop sequence', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog() });
    const completion = await openai.chat.completions.create({
      model: 'test-chat',
      stop: ['STOP'],
      messages: [{ role: 'user', content: 'say exactly: one two STOP three' }],
    });
    expect(completion.choices[0]?.message.content).toBe('one two ');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('calls a tool, streaming and not, with arguments that follow its schema', async () => {
    const { openai } = await startTestSim();
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' }, days: { type: 'integer' } },
            required: ['city'],
          },
        },
      },
    ];
    const messages = [{ role: 'user' as const, content: 'What is the weather in Lisbon?' }];
    const completion = await openai.chat.completions.create({
      model: 'sim-instant',
      tools,
      messages,
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function.name : null).toBe('get_weather');
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : null).toEqual({
      city: 'Lisbon',
      days: 1,
    });

    const runner = openai.chat.completions.stream({ model: 'sim-instant', tools, messages });
    const streamed = await runner.finalChatCompletion();
    const streamedCall = streamed.choices[0]?.message.tool_calls?.[0];
    expect(streamed.choices[0]?.finish_reason).toBe('tool_calls');
    expect(streamedCall?.type === 'function' ? streamedCall.function.arguments : null).toBe(
      '{"city":"Lisbon","days":1}',
    );

    const afterTool = await openai.chat.completions.create({
      model: 'sim-instant',
      tools,
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: completion.choices[0]?.message.tool_calls ?? [],
        },
        { role: 'tool', tool_call_id: call?.id ?? '', content: '18°C and sunny' },
      ],
    });
    expect(afterTool.choices[0]?.finish_reason).toBe('stop');
    expect(afterTool.choices[0]?.message.content).toContain('18°C and sunny');
  });

  it('honours response_format json_object and json_schema', async () => {
    const { openai } = await startTestSim();
    const messages = [{ role: 'user' as const, content: 'Write a note about Oslo' }];
    const object = await openai.chat.completions.create({
      model: 'sim-instant',
      messages,
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(object.choices[0]?.message.content ?? '')).toHaveProperty('answer');
    const schema = await openai.chat.completions.create({
      model: 'sim-instant',
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'note',
          schema: {
            type: 'object',
            properties: { title: { type: 'string' }, stars: { type: 'number' } },
          },
        },
      },
    });
    const parsed = JSON.parse(schema.choices[0]?.message.content ?? '') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['title', 'stars']);
    expect(typeof parsed.title).toBe('string');
  });

  it('reports cached prompt tokens on a repeated prefix and reasoning tokens', async () => {
    const { openai } = await startTestSim({
      catalog: smallCatalog({
        promptCache: { minTokens: 128 },
        reasoningTokens: { median: 50, p95: 50 },
      }),
    });
    const system = {
      role: 'system' as const,
      content: 'Policy: '.concat('be precise and cite the rules. '.repeat(60)),
    };
    const first = await openai.chat.completions.create({
      model: 'test-chat',
      messages: [system, { role: 'user', content: 'first question' }],
    });
    const second = await openai.chat.completions.create({
      model: 'test-chat',
      messages: [system, { role: 'user', content: 'second question' }],
    });
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThan(0);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage?.prompt_tokens ?? 0);
    expect(second.usage?.completion_tokens_details?.reasoning_tokens).toBe(50);
    expect(second.usage?.completion_tokens).toBe(30 + 50);
  });

  it('sends x-request-id and x-ratelimit headers', async () => {
    const { openai, sim } = await startTestSim({
      catalog: smallCatalog({ rateLimits: { requestsPerMinute: 50 } }),
    });
    const request = { model: 'test-chat', messages: [{ role: 'user' as const, content: 'hi' }] };
    await openai.chat.completions.create(request);
    const { response, request_id } = await openai.chat.completions.create(request).withResponse();
    expect(request_id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(request_id).toBe(sim.requests[1]?.requestId);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('50');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('48');
    expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s|m\d+s)$/);
  });
});
