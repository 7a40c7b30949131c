/**
 * Metric values, not just names: token usage by type, cost and duration for a call whose span is
 * sampled out. Such a span gets no attribute work, so this checks that metrics and the call
 * record still come from the call itself.
 */
import type { LlmSim } from '@sextant/llm-sim';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLlmCalls } from './collect-llm-calls.js';
import { instrument } from './instrument.js';
import { createTestTelemetry } from './test-support/telemetry.js';
import type { TestTelemetry } from './test-support/telemetry.js';
import { openAiClient, startSim } from './test-support/sim-setup.js';

let sim: LlmSim;
let telemetry: TestTelemetry;

afterEach(async () => {
  await telemetry.shutdown();
  await sim.close();
});

interface Point {
  attributes: Record<string, unknown>;
  value: unknown;
}

function points(metrics: ResourceMetrics[], name: string): Point[] {
  return metrics
    .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics))
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints as Point[]);
}

describe('call metrics', () => {
  it('records tokens, cost and duration for a sampled-out span, and fills the record', async () => {
    sim = await startSim();
    telemetry = createTestTelemetry();
    const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
    const client = instrument(openAiClient(sim), {
      tracerProvider: sampledOut,
      meterProvider: telemetry.meterProvider,
    });
    const collected = await collectLlmCalls(() =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Say hello to the team.' }],
      }),
    );
    if (!collected.ok) throw collected.error;
    const usage = collected.value.usage!;
    const record = collected.calls[0]!.record;
    expect(record).toMatchObject({
      traceId: '',
      responseModel: collected.value.model,
      usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens },
      cost: { known: true },
      attempts: 1,
      errorType: null,
    });
    const metrics = await telemetry.collectMetrics();
    const tokens = points(metrics, 'gen_ai.client.token.usage');
    const byType = Object.fromEntries(
      tokens.map((point) => [
        point.attributes['gen_ai.token.type'],
        (point.value as { sum: number }).sum,
      ]),
    );
    expect(byType).toEqual({ input: usage.prompt_tokens, output: usage.completion_tokens });
    expect(tokens[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': collected.value.model,
      'server.port': sim.port,
    });
    const [cost] = points(metrics, 'sextant.client.cost');
    expect(record.cost.known && cost?.value).toBeCloseTo(
      record.cost.known ? record.cost.totalUsd : Number.NaN,
      12,
    );
    const [duration] = points(metrics, 'gen_ai.client.operation.duration');
    expect((duration?.value as { count: number }).count).toBe(1);
    expect((duration?.value as { sum: number }).sum).toBeCloseTo(record.durationMs / 1000, 9);
    await sampledOut.shutdown();
  });
});
