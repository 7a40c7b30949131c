export { instrument } from './instrument.js';
export { resolveInstrumentSettings } from './instrument-options.js';
export type {
  InstrumentOptions,
  InstrumentSettings,
  ModelPrice,
  PriceOverrides,
  RedactOptions,
} from './instrument-options.js';
export { traceLlmCall, traceLlmStream } from './trace-llm-call.js';
export type {
  LlmCallDescriptor,
  LlmRequestParameters,
  LlmStreamDescriptor,
  TracedCall,
} from './trace-llm-call.js';
export { startOpenAiChatCall } from './trace-openai-chat-call.js';
export type { OpenAiChatCall, OpenAiChatCallOptions } from './trace-openai-chat-call.js';
export type { LlmCallOutcome, ReportedUsage } from './llm-call-outcome.js';
export { computeCost } from './compute-cost.js';
export type { ComputeCostOptions } from './compute-cost.js';
export { redactText } from './redact-content.js';
export { collectLlmCalls } from './collect-llm-calls.js';
export type { CollectedLlmCalls, CollectLlmCallsOptions } from './collect-llm-calls.js';
export { createLlmCallCollector } from './llm-call-collector.js';
export type { LlmCallCollector } from './llm-call-collector.js';
export type { CollectedLlmCall, EvaluationResult } from './collected-llm-call.js';
