/**
 * The GenAI client metrics (names and bucket boundaries from @sextant/spec, which follow the
 * conventions) plus a spend counter. Instruments are made once per meter.
 */
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SEXTANT_COST_USD,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_TYPE_VALUES,
  GEN_AI_TOKEN_USAGE_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_SEXTANT_CLIENT_COST,
} from '@sextant/spec';
import type { ActiveLlmCall } from './active-llm-call.js';

interface CallInstruments {
  duration: Histogram;
  tokenUsage: Histogram;
  timeToFirstChunk: Histogram;
  cost: Counter;
}

const instrumentsByMeter = new WeakMap<Meter, CallInstruments>();

function instrumentsFor(meter: Meter): CallInstruments {
  let instruments = instrumentsByMeter.get(meter);
  if (instruments === undefined) {
    instruments = {
      duration: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
        description: 'GenAI operation duration.',
        unit: 's',
        advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] },
      }),
      tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
        description: 'Number of input and output tokens used.',
        unit: '{token}',
        advice: { explicitBucketBoundaries: [...GEN_AI_TOKEN_USAGE_BUCKETS] },
      }),
      timeToFirstChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
        description: 'Time to receive the first chunk of a streamed response.',
        unit: 's',
        advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] },
      }),
      cost: meter.createCounter(METRIC_SEXTANT_CLIENT_COST, {
        description: 'Spend on GenAI calls, from token usage and model prices.',
        unit: 'USD',
      }),
    };
    instrumentsByMeter.set(meter, instruments);
  }
  return instruments;
}

function numberAt(attributes: Attributes, key: string): number | null {
  const value = attributes[key];
  return typeof value === 'number' ? value : null;
}

/**
 * Records one finished call. The measurements come from the call and the attributes its span
 * was finished with, so nothing is built for metrics while no meter provider is registered.
 */
export function recordCallMetrics(meter: Meter, call: ActiveLlmCall, finished: Attributes): void {
  const instruments = instrumentsFor(meter);
  const { start } = call;
  // Low-cardinality attributes: operation, provider, models, server, error.type.
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: start.operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: start.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: start.requestModel,
  };
  if (start.serverAddress !== undefined) attributes[ATTR_SERVER_ADDRESS] = start.serverAddress;
  if (start.serverPort !== undefined) attributes[ATTR_SERVER_PORT] = start.serverPort;
  const responseModel = finished[ATTR_GEN_AI_RESPONSE_MODEL];
  if (responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
  const errorType = finished[ATTR_ERROR_TYPE];
  if (errorType !== undefined) attributes[ATTR_ERROR_TYPE] = errorType;
  instruments.duration.record(
    ((call.endTime ?? call.startTime) - call.startTime) / 1000,
    attributes,
  );
  const timeToFirstChunk = numberAt(finished, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK);
  if (timeToFirstChunk !== null) instruments.timeToFirstChunk.record(timeToFirstChunk, attributes);
  const inputTokens = numberAt(finished, ATTR_GEN_AI_USAGE_INPUT_TOKENS);
  if (inputTokens !== null) {
    instruments.tokenUsage.record(inputTokens, {
      ...attributes,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUES.input,
    });
  }
  const outputTokens = numberAt(finished, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
  if (outputTokens !== null) {
    instruments.tokenUsage.record(outputTokens, {
      ...attributes,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUES.output,
    });
  }
  const costUsd = numberAt(finished, ATTR_SEXTANT_COST_USD);
  if (costUsd !== null) instruments.cost.add(costUsd, attributes);
}
