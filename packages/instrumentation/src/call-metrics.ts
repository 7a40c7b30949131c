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
  ATTR_GEN_AI_TOKEN_TYPE,
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
import type { CallTotals } from './write-finish-attributes.js';

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

/** Records one finished call, from the call and the totals its span was finished with. */
export function recordCallMetrics(meter: Meter, call: ActiveLlmCall, totals: CallTotals): void {
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
  if (totals.responseModel !== null) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = totals.responseModel;
  if (totals.errorType !== null) attributes[ATTR_ERROR_TYPE] = totals.errorType;
  const durationSeconds = ((call.endTime ?? call.startTime) - call.startTime) / 1000;
  instruments.duration.record(durationSeconds, attributes);
  if (totals.timeToFirstChunkSeconds !== null) {
    instruments.timeToFirstChunk.record(totals.timeToFirstChunkSeconds, attributes);
  }
  if (totals.inputTokens !== null) {
    instruments.tokenUsage.record(totals.inputTokens, {
      ...attributes,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUES.input,
    });
  }
  if (totals.outputTokens !== null) {
    instruments.tokenUsage.record(totals.outputTokens, {
      ...attributes,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUES.output,
    });
  }
  if (totals.costUsd !== null) instruments.cost.add(totals.costUsd, attributes);
}
