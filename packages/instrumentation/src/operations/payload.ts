/** Small readers for untrusted JSON payloads: wrong types read as absent, never throw. */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
} from '@sextant/spec';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export interface RequestParameters {
  maxTokens?: unknown;
  temperature?: unknown;
  topP?: unknown;
  topK?: unknown;
  stopSequences?: unknown;
  seed?: unknown;
  choiceCount?: unknown;
  frequencyPenalty?: unknown;
  presencePenalty?: unknown;
  stream: boolean;
}

const NUMERIC_PARAMETERS: [keyof RequestParameters, string][] = [
  ['maxTokens', ATTR_GEN_AI_REQUEST_MAX_TOKENS],
  ['temperature', ATTR_GEN_AI_REQUEST_TEMPERATURE],
  ['topP', ATTR_GEN_AI_REQUEST_TOP_P],
  ['topK', ATTR_GEN_AI_REQUEST_TOP_K],
  ['seed', ATTR_GEN_AI_REQUEST_SEED],
  ['frequencyPenalty', ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY],
  ['presencePenalty', ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY],
];

/** `gen_ai.request.*` attributes; the choice count only when it is not the default 1. */
export function requestParameterAttributes(parameters: RequestParameters): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_REQUEST_STREAM]: parameters.stream };
  for (const [field, name] of NUMERIC_PARAMETERS) {
    const value = asNumber(parameters[field]);
    if (value !== undefined) attributes[name] = value;
  }
  const choiceCount = asNumber(parameters.choiceCount);
  if (choiceCount !== undefined && choiceCount !== 1) {
    attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = choiceCount;
  }
  const stop = parameters.stopSequences;
  if (typeof stop === 'string') attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [stop];
  else if (Array.isArray(stop) && stop.every((item) => typeof item === 'string')) {
    attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop as string[];
  }
  return attributes;
}

/** Text content in the conventions' part shape. */
export function textPart(content: string): JsonObject {
  return { type: 'text', content };
}
