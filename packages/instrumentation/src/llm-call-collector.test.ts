import type { LlmSim } from '@sextant/llm-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLlmCalls } from './collect-llm-calls.js';
import { instrument } from './instrument.js';
import { createLlmCallCollector } from './llm-call-collector.js';
import {
  anthropicClient,
  everythingExported,
  openAiClient,
  startSim,
} from './test-support/sim-setup.js';
import { createTestTelemetry, sextantSpans } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';

let sim: LlmSim;
let telemetry: TestTelemetry;

afterEach(async () => {
  await telemetry.shutdown();
  await sim.close();
});

async function setUp() {
  sim = await startSim();
  telemetry = createTestTelemetry();
  const options = { tracerProvider: telemetry.tracerProvider };
  return {
    openai: instrument(openAiClient(sim), options),
    anthropic: instrument(anthropicClient(sim), options),
  };
}

const messages = [{ role: 'user' as const, content: 'Say hello to the team.' }];

describe('createLlmCallCollector', () => {
  it('collects a call handed the collector, defers its span end and adds the attributes', async () => {
    const { openai } = await setUp();
    const collector = createLlmCallCollector({
      deferSpanEnd: true,
      attributes: { 'sextant.eval.case_id': 'case-3' },
    });
    const controller = new AbortController();
    const callerOptions = { signal: controller.signal };
    const completion = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      collector.requestOptions(callerOptions),
    );
    expect(Object.getOwnPropertySymbols(callerOptions)).toHaveLength(0);
    expect(collector.calls).toHaveLength(1);
    const [call] = collector.calls;
    expect(call?.record).toMatchObject({
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseId: completion.id,
      usage: {
        inputTokens: completion.usage?.prompt_tokens,
        outputTokens: completion.usage?.completion_tokens,
      },
      attempts: 1,
      stream: false,
    });
    expect(call?.record.durationMs).toBeGreaterThan(0);
    expect(call?.record.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(sextantSpans(telemetry)).toHaveLength(0);
    call?.addEvaluation({ name: 'exact', score: 0, label: 'fail' });
    call?.end();
    call?.end();
    const spans = sextantSpans(telemetry);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.spanContext().spanId).toBe(call?.record.spanId);
    expect(spans[0]?.attributes['sextant.eval.case_id']).toBe('case-3');
    expect(spans[0]?.events.map((event) => event.name)).toContain('gen_ai.evaluation.result');
  });

  it('collects every openai operation, streaming and not, each with its own record', async () => {
    const { openai } = await setUp();
    const collector = createLlmCallCollector();
    const chunks = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      collector.requestOptions(),
    );
    for await (const chunk of chunks) expect(chunk.usage).toBeUndefined();
    await openai.responses.create(
      { model: 'gpt-4o-mini', input: 'Say hello.' },
      collector.requestOptions(),
    );
    const events = await openai.responses.create(
      { model: 'gpt-4o-mini', input: 'Say hello.', stream: true },
      collector.requestOptions(),
    );
    for await (const event of events) expect(event.type).toBeTypeOf('string');
    await openai.embeddings.create(
      { model: 'text-embedding-3-small', input: 'hello' },
      collector.requestOptions(),
    );
    const records = collector.calls.map((call) => call.record);
    expect(records.map((record) => [record.operation, record.stream])).toEqual([
      ['chat', true],
      ['chat', false],
      ['chat', true],
      ['embeddings', false],
    ]);
    for (const record of records) {
      expect(record.usage?.inputTokens).toBeGreaterThan(0);
      expect(record.attempts).toBe(1);
    }
    expect(records[0]?.timeToFirstChunkMs).toBeGreaterThanOrEqual(0);
    expect(records[0]?.timeToFirstChunkMs).toBeLessThanOrEqual(records[0]?.durationMs ?? -1);
    expect(sextantSpans(telemetry)).toHaveLength(4);
  });

  it('collects anthropic messages.create, streaming and not, and the messages.stream() helper', async () => {
    const { anthropic } = await setUp();
    const collector = createLlmCallCollector({ attributes: { 'sextant.eval.case_id': 'case-9' } });
    const body = { model: 'claude-sonnet-4-20250514', max_tokens: 100, messages };
    const message = await anthropic.messages.create(body, collector.requestOptions());
    const events = await anthropic.messages.create(
      { ...body, stream: true },
      collector.requestOptions(),
    );
    for await (const event of events) expect(event.type).toBeTypeOf('string');
    const helper = anthropic.messages.stream(body, collector.requestOptions());
    const final = await helper.finalMessage();
    const records = collector.calls.map((call) => call.record);
    expect(records.map((record) => [record.provider, record.stream])).toEqual([
      ['anthropic', false],
      ['anthropic', true],
      ['anthropic', true],
    ]);
    expect(records[0]?.usage?.outputTokens).toBe(message.usage.output_tokens);
    expect(records[2]?.usage?.outputTokens).toBe(final.usage.output_tokens);
    expect(records[2]?.finishReasons).toEqual([final.stop_reason]);
    const spans = sextantSpans(telemetry);
    expect(spans).toHaveLength(3);
    for (const span of spans) expect(span.attributes['sextant.eval.case_id']).toBe('case-9');
  });

  it('also reports to a collectLlmCalls block around the call, under its own attributes', async () => {
    const { openai } = await setUp();
    const collector = createLlmCallCollector({
      attributes: { 'sextant.eval.case_id': 'inner', 'sextant.eval.model': 'm' },
    });
    const outer = await collectLlmCalls(
      () =>
        openai.chat.completions.create(
          { model: 'gpt-4o-mini', messages },
          collector.requestOptions(),
        ),
      { attributes: { 'sextant.eval.case_id': 'outer', 'sextant.eval.run_id': 'run-1' } },
    );
    expect(outer.calls).toHaveLength(1);
    expect(collector.calls).toHaveLength(1);
    expect(outer.calls[0]?.record).toBe(collector.calls[0]?.record);
    const [span] = sextantSpans(telemetry);
    expect(span?.attributes).toMatchObject({
      'sextant.eval.case_id': 'inner',
      'sextant.eval.model': 'm',
      'sextant.eval.run_id': 'run-1',
    });
  });

  it('collects nothing for calls made without it, and an uninstrumented client ignores it', async () => {
    const { openai } = await setUp();
    const collector = createLlmCallCollector();
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const raw = openAiClient(sim);
    const completion = await raw.chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      collector.requestOptions(),
    );
    expect(completion.choices).toHaveLength(1);
    expect(collector.calls).toHaveLength(0);
    expect(sextantSpans(telemetry)).toHaveLength(1);
    expect(everythingExported(telemetry.spans())).not.toContain('sextant collector');
  });
});
