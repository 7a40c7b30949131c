import { describe, expect, it } from 'vitest';
import { sendRawRequest, sseEvents } from '../test-support/send-raw-request.js';
import { smallCatalog, startTestSim } from '../test-support/start-test-sim.js';

const tool = { name: 'get_weather', schema: { type: 'object', properties: { city: {} } } };

/** One streaming request per route, and how to tell its content frames from its final ones. */
const routes = {
  chat: {
    path: '/v1/chat/completions',
    body: (content: string, tools: boolean) => ({
      model: 'test-chat',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content }],
      ...(tools && {
        tools: [{ type: 'function', function: { name: tool.name, parameters: tool.schema } }],
        tool_choice: 'required',
      }),
    }),
    isContent: (event: string, data: string) =>
      /"delta":\{"(content|tool_calls)"/.test(data) && !data.includes('"content":""'),
    isFinal: (event: string, data: string) =>
      data === '[DONE]' || /"finish_reason":"/.test(data) || /"usage":\{/.test(data),
  },
  responses: {
    path: '/v1/responses',
    body: (content: string, tools: boolean) => ({
      model: 'test-chat',
      stream: true,
      input: content,
      ...(tools && {
        tools: [{ type: 'function', name: tool.name, parameters: tool.schema }],
        tool_choice: 'required',
      }),
    }),
    isContent: (event: string) =>
      event === 'response.output_text.delta' || event === 'response.function_call_arguments.delta',
    isFinal: (event: string) => event === 'response.completed' || event === 'response.incomplete',
  },
  messages: {
    path: '/v1/messages',
    body: (content: string, tools: boolean) => ({
      model: 'test-chat',
      stream: true,
      max_tokens: 200,
      messages: [{ role: 'user', content }],
      ...(tools && {
        tools: [{ name: tool.name, input_schema: tool.schema }],
        tool_choice: { type: 'any' },
      }),
    }),
    isContent: (event: string) => event === 'content_block_delta',
    isFinal: (event: string) => event === 'message_delta' || event === 'message_stop',
  },
};

const cases = [
  { name: 'a one-token answer', content: 'say exactly: hi', tools: false },
  { name: 'a two-token answer', content: 'say exactly: one two', tools: false },
  { name: 'a long answer', content: 'Tell me a story', tools: false },
  { name: 'a tool call', content: 'What is the weather in Lisbon?', tools: true },
];

const slow = smallCatalog({
  latency: { ttftMs: { median: 5, p95: 5 }, interTokenMs: { median: 1, p95: 1 } },
});
const now = () => Date.UTC(2026, 0, 1);

describe('stream_cut', () => {
  for (const [routeName, route] of Object.entries(routes)) {
    it(`${routeName}: delivers the same prefix with content at latencyScale 0 and 1, then drops the connection`, async () => {
      const instant = await startTestSim({ catalog: slow, latencyScale: 0, now });
      const again = await startTestSim({ catalog: slow, latencyScale: 0, now });
      const timed = await startTestSim({ catalog: slow, latencyScale: 1, now });
      for (const testCase of cases) {
        const send = (url: string) =>
          sendRawRequest({
            url,
            path: route.path,
            body: route.body(testCase.content, testCase.tools),
            headers: { 'x-sim-fault': 'stream_cut' },
          });
        const cut = await send(instant.sim.url);
        const events = sseEvents(cut.body);
        const summary = {
          case: testCase.name,
          status: cut.status,
          complete: cut.complete,
          content: events.filter(({ event, data }) => route.isContent(event, data)).length > 0,
          final: events.filter(({ event, data }) => route.isFinal(event, data)),
          endsOnWholeFrame: cut.body.endsWith('\n\n'),
        };
        expect(summary).toEqual({
          case: testCase.name,
          status: 200,
          complete: false,
          content: true,
          final: [],
          endsOnWholeFrame: true,
        });
        expect((await send(again.sim.url)).body, testCase.name).toBe(cut.body);
        expect((await send(timed.sim.url)).body, testCase.name).toBe(cut.body);
      }
    });
  }

  it('lets the OpenAI client read the content before the stream fails', async () => {
    const { openai } = await startTestSim({ catalog: smallCatalog(), latencyScale: 0 });
    const stream = await openai.chat.completions.create(
      {
        model: 'test-chat',
        stream: true,
        messages: [{ role: 'user', content: 'say exactly: hi' }],
      },
      { headers: { 'x-sim-fault': 'stream_cut' } },
    );
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(text).toBe('hi');
  });
});
