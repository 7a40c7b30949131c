/**
 * The GenAI client metrics (names and bucket boundaries from @sextant/spec, which follow the
 * conventions) plus a spend counter. Instruments are made once per meter.
 */
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_TOKEN_TYPE,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_TYPE_VALUES,
  GEN_AI_TOKEN_USAGE_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_SEXTANT_CLIENT_COST,
} from '@sextant/spec';

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

export interface CallMeasurements {
  /** Low-cardinality attributes: operation, provider, models, server, error.type. */
  attributes: Attributes;
  durationSeconds: number;
  timeToFirstChunkSeconds: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

export function recordCallMetrics(meter: Meter, measurements: CallMeasurements): void {
  const instruments = instrumentsFor(meter);
  const { attributes } = measurements;
  instruments.duration.record(measurements.durationSeconds, attributes);
  if (measurements.timeToFirstChunkSeconds !== null) {
    instruments.timeToFirstChunk.record(measurements.timeToFirstChunkSeconds, attributes);
  }
  if (measurements.inputTokens !== null) {
    instruments.tokenUsage.record(measurements.inputTokens, {
      ...attributes,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUES.input,
    });
  }
  if (measurements.outputTokens !== null) {
    instruments.tokenUsage.record(measurements.outputTokens, {
      ...attributes,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUES.output,
    });
  }
  if (measurements.costUsd !== null) instruments.cost.add(measurements.costUsd, attributes);
}
