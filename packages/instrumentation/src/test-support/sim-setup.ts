/** The simulator and SDK clients the integration tests share; each test starts its own sim. */
import Anthropic from '@anthropic-ai/sdk';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim, LlmSimOptions } from '@sextant/llm-sim';
import OpenAI from 'openai';

export const OPENAI_KEY = 'sk-proj-testsecret0123456789abcdefABCDEF';
export const ANTHROPIC_KEY = 'sk-ant-api03-testsecret0123456789abcdefXYZ';

export function startSim(options: LlmSimOptions = {}): Promise<LlmSim> {
  return startLlmSim({
    port: 0,
    seed: 11,
    latencyScale: 0,
    catalogFaults: false,
    apiKeys: [OPENAI_KEY, ANTHROPIC_KEY],
    ...options,
  });
}

export function openAiClient(sim: LlmSim, options: { maxRetries?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: OPENAI_KEY,
    baseURL: `${sim.url}/v1`,
    maxRetries: options.maxRetries ?? 2,
  });
}

export function anthropicClient(sim: LlmSim, options: { maxRetries?: number } = {}): Anthropic {
  return new Anthropic({
    apiKey: ANTHROPIC_KEY,
    baseURL: sim.url,
    maxRetries: options.maxRetries ?? 2,
    // The SDK's own tracing stays off so only our spans are compared.
    openTelemetry: false,
  });
}

/** Every attribute and event value of every span, as one string, for secret scans. */
export function everythingExported(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((span) => ({
      name: span.name,
      attributes: span.attributes,
      status: span.status,
      events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    })),
  );
}

export function spanDurationSeconds(span: ReadableSpan): number {
  return span.duration[0] + span.duration[1] / 1e9;
}
