import Anthropic from '@anthropic-ai/sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import type { LlmSim } from '@sextant/llm-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from './instrument.js';
import {
  ANTHROPIC_KEY,
  anthropicClient,
  everythingExported,
  startSim,
} from './test-support/sim-setup.js';
import { createTestTelemetry, sextantSpans } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

let sim: LlmSim;
let telemetry: TestTelemetry;

afterEach(async () => {
  expect(everythingExported(telemetry.spans())).not.toContain(ANTHROPIC_KEY.slice(10));
  await telemetry.shutdown();
  await sim.close();
});

async function setUp(options: { captureContent?: boolean } = {}) {
  sim = await startSim();
  telemetry = createTestTelemetry();
  return instrument(anthropicClient(sim), {
    tracerProvider: telemetry.tracerProvider,
    meterProvider: telemetry.meterProvider,
    ...options,
  });
}

// Long enough (above the model's prompt-cache minimum) for the simulator to cache its prefix.
const longSystem = `You are the support assistant of ACME. ${'Follow the policy in every detail. '.repeat(300)}`;
const messages = [{ role: 'user' as const, content: 'Where is my parcel?' }];

describe('instrument(anthropic) messages', () => {
  it('records a non-streaming call, input including cache reads and writes', async () => {
    const client = await setUp();
    const system = [
      { type: 'text' as const, text: longSystem, cache_control: { type: 'ephemeral' as const } },
    ];
    const body = { model: 'claude-sonnet-4-20250514', max_tokens: 200, system, messages, top_k: 5 };
    const first = await client.messages.create(body);
    const second = await client.messages.create(body);
    expect(client).toBeInstanceOf(Anthropic);
    const spans = sextantSpans(telemetry);
    expect(spans).toHaveLength(2);
    for (const [index, message] of [first, second].entries()) {
      const usage = message.usage;
      const expectedInput =
        usage.input_tokens +
        (usage.cache_read_input_tokens ?? 0) +
        (usage.cache_creation_input_tokens ?? 0);
      expect(spans[index]?.attributes).toMatchObject({
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-20250514',
        'gen_ai.request.max_tokens': 200,
        'gen_ai.request.top_k': 5,
        'gen_ai.response.id': message.id,
        'gen_ai.response.finish_reasons': [message.stop_reason],
        'gen_ai.usage.input_tokens': expectedInput,
        'gen_ai.usage.output_tokens': usage.output_tokens,
        'sextant.response.provider_request_id': sim.requests[index]?.requestId,
        'sextant.cost.known': true,
      });
    }
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(spans[0]?.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(
      first.usage.cache_creation_input_tokens,
    );
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(spans[1]?.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(
      second.usage.cache_read_input_tokens,
    );
    expect(spans[0]?.attributes['sextant.ratelimit.tokens.remaining']).toMatch(/^\d+$/);
  });

  it('records stream: true and the messages.stream() helper as one span each', async () => {
    const client = await setUp();
    const stream = await client.messages.create({
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 100,
      messages,
      stream: true,
    });
    const types = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('message_stop');
    const helper = client.messages.stream({
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 100,
      messages,
    });
    const final = await helper.finalMessage();
    const spans = sextantSpans(telemetry);
    expect(spans).toHaveLength(2);
    expect(spans[1]?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': final.id,
      'gen_ai.usage.output_tokens': final.usage.output_tokens,
      'gen_ai.response.finish_reasons': [final.stop_reason],
    });
    for (const span of spans)
      expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('ends the helper span once when the helper is aborted', async () => {
    sim = await startSim({ latencyScale: 0.3 });
    telemetry = createTestTelemetry();
    const client = instrument(anthropicClient(sim), { tracerProvider: telemetry.tracerProvider });
    const helper = client.messages.stream({
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 100,
      messages,
    });
    await new Promise<void>((resolve) => helper.on('text', () => resolve()));
    helper.abort();
    await expect(helper.finalMessage()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const spans = sextantSpans(telemetry);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.status.code).not.toBe(SpanStatusCode.OK);
  });

  it('records system instructions separately when content capture is on', async () => {
    const client = await setUp({ captureContent: true });
    await client.messages.create({
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 50,
      system: 'Call me at +44 20 7946 0958.',
      messages,
    });
    const attributes = sextantSpans(telemetry)[0]?.attributes ?? {};
    expect(JSON.parse(attributes['gen_ai.system_instructions'] as string)).toEqual([
      { type: 'text', content: 'Call me at [REDACTED:phone].' },
    ]);
    expect(JSON.parse(attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Where is my parcel?' }] },
    ]);
  });
});
