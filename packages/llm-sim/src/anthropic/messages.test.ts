import { describe, expect, it } from 'vitest';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

describe('POST /v1/messages with the official Anthropic client', () => {
  it('answers with a message, usage and request-id / anthropic-ratelimit headers', async () => {
    const { anthropic, sim } = await startTestSim();
    const { data, response, request_id } = await anthropic.messages
      .create({
        model: 'sim-instant',
        max_tokens: 200,
        system: 'You triage support tickets. Reply in JSON.',
        messages: [{ role: 'user', content: 'I was hacked and cannot access my account, urgent!' }],
      })
      .withResponse();
    expect(data.type).toBe('message');
    expect(data.id).toMatch(/^msg_/);
    expect(data.stop_reason).toBe('end_turn');
    const block = data.content[0];
    expect(block?.type === 'text' ? JSON.parse(block.text) : null).toEqual({
      intent: 'account',
      priority: 'high',
      needs_human: true,
    });
    expect(data.usage.input_tokens).toBeGreaterThan(10);
    expect(data.usage.output_tokens).toBe(15);
    expect(request_id).toBe(sim.requests[0]?.requestId);
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('9999');
    expect(response.headers.get('anthropic-ratelimit-tokens-reset')).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it('streams the documented event sequence and accumulates to the same message', async () => {
    const plain = await startTestSim({ seed: 3 });
    const streaming = await startTestSim({ seed: 3 });
    const request = {
      model: 'sim-instant',
      max_tokens: 300,
      messages: [{ role: 'user' as const, content: 'Describe a harbour' }],
    };
    const whole = await plain.anthropic.messages.create(request);
    const stream = await streaming.anthropic.messages.create({ ...request, stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
        text += event.delta.text;
    }
    const deltas = types.filter((type) => type === 'content_block_delta').length;
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      // The SDK drops `ping` events; the raw-bytes test below checks that they are sent.
      ...Array<string>(deltas).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(whole.content[0]?.type === 'text' ? whole.content[0].text : null).toBe(text);
    const final = await streaming.anthropic.messages.stream(request).finalMessage();
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('sends ping events on the wire', async () => {
    const { sim } = await startTestSim();
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'key',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'sim-instant',
        max_tokens: 20,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text).toContain('event: ping\ndata: {"type":"ping"}\n\n');
    expect(text.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(
      true,
    );
  });

  it('uses tools, streaming and not, and answers a tool_result in prose', async () => {
    const { anthropic } = await startTestSim();
    const tools = [
      {
        name: 'lookup_order',
        description: 'Find an order',
        input_schema: { type: 'object' as const, properties: { order_id: { type: 'string' } } },
      },
    ];
    const messages = [{ role: 'user' as const, content: 'Where is my order for Mrs Smith?' }];
    const message = await anthropic.messages.create({
      model: 'sim-instant',
      max_tokens: 100,
      tools,
      messages,
    });
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content[0];
    expect(use?.type).toBe('tool_use');
    expect(use?.type === 'tool_use' ? use.input : null).toEqual({ order_id: 'Mrs Smith' });
    const streamed = await anthropic.messages
      .stream({ model: 'sim-instant', max_tokens: 100, tools, messages })
      .finalMessage();
    expect(streamed.content[0]?.type === 'tool_use' ? streamed.content[0].input : null).toEqual({
      order_id: 'Mrs Smith',
    });
    const reply = await anthropic.messages.create({
      model: 'sim-instant',
      max_tokens: 100,
      tools,
      messages: [
        ...messages,
        { role: 'assistant', content: message.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: use?.type === 'tool_use' ? use.id : '',
              content: 'shipped on Monday',
            },
          ],
        },
      ],
    });
    expect(reply.stop_reason).toBe('end_turn');
    expect(reply.content[0]?.type === 'text' ? reply.content[0].text : '').toContain(
      'shipped on Monday',
    );
  });

  it('stops at max_tokens and at stop sequences with the matching stop_reason', async () => {
    const { anthropic } = await startTestSim({ catalog: smallCatalog() });
    const long = await anthropic.messages.create({
      model: 'test-chat',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Tell a long story' }],
    });
    expect(long.stop_reason).toBe('max_tokens');
    expect(long.usage.output_tokens).toBe(5);
    const stopped = await anthropic.messages.create({
      model: 'test-chat',
      max_tokens: 100,
      stop_sequences: ['###'],
      messages: [{ role: 'user', content: 'say exactly: alpha ### beta' }],
    });
    expect(stopped.stop_reason).toBe('stop_sequence');
    expect(stopped.stop_sequence).toBe('###');
    expect(stopped.content[0]?.type === 'text' ? stopped.content[0].text : null).toBe('alpha ');
  });

  it('writes a cache_control prefix to the cache once and reads it afterwards', async () => {
    const { anthropic } = await startTestSim({ catalog: smallCatalog() });
    const system = [
      {
        type: 'text' as const,
        text: 'Long policy. '.repeat(100),
        cache_control: { type: 'ephemeral' as const },
      },
    ];
    const ask = (content: string) =>
      anthropic.messages.create({
        model: 'test-chat',
        max_tokens: 50,
        system,
        messages: [{ role: 'user', content }],
      });
    const first = await ask('first');
    const second = await ask('second');
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(200);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    // input_tokens counts only what was neither read from nor written to the cache.
    expect(second.usage.input_tokens).toBe(first.usage.input_tokens);
    expect(second.usage.input_tokens).toBeLessThan(20);
  });
});
