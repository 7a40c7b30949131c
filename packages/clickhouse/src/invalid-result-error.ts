/**
 * The typed error for a result the Native encoder cannot write: it names the result and the
 * first field of the wrong type. Worked out only after the encoder failed, so valid results pay
 * nothing for it.
 */
import type { EvalResult } from '@sextant/spec';
import { SextantClickHouseError } from './clickhouse-errors.js';

type FieldKind = 'string' | 'string or null' | 'count' | 'number' | 'number or null';

const FIELDS: ReadonlyArray<readonly [keyof EvalResult, FieldKind]> = [
  ['runId', 'string'],
  ['promptId', 'string'],
  ['targetId', 'string'],
  ['caseId', 'string'],
  ['repeat', 'count'],
  ['suite', 'string'],
  ['model', 'string'],
  ['provider', 'string'],
  ['status', 'string'],
  ['errorType', 'string or null'],
  ['errorMessage', 'string or null'],
  ['output', 'string'],
  ['finishReason', 'string or null'],
  ['score', 'number'],
  ['latencyMs', 'number'],
  ['timeToFirstChunkMs', 'number or null'],
  ['inputTokens', 'count'],
  ['outputTokens', 'count'],
  ['cachedInputTokens', 'count'],
  ['reasoningTokens', 'count'],
  ['costUsd', 'number or null'],
  ['judgeCostUsd', 'number or null'],
  ['judgeInputTokens', 'count'],
  ['judgeOutputTokens', 'count'],
  ['attempts', 'count'],
  ['retries', 'count'],
  ['traceId', 'string'],
  ['spanId', 'string'],
  ['startedAt', 'number'],
];

function fits(value: unknown, kind: FieldKind): boolean {
  if (value === null && kind.endsWith('or null')) return true;
  if (kind.startsWith('string')) return typeof value === 'string';
  if (kind === 'count') return Number.isSafeInteger(value) && (value as number) >= 0;
  return typeof value === 'number';
}

/** The error to throw for `result` (the `index`-th of its call) that failed with `cause`. */
export function invalidResultError(options: {
  result: EvalResult;
  index: number;
  cause: unknown;
}): SextantClickHouseError {
  const { result, index } = options;
  const where = `result ${String(index)} of writeResults (run ${JSON.stringify(result.runId)}, case ${JSON.stringify(result.caseId)})`;
  const field = FIELDS.find(([key, kind]) => !fits(result[key], kind));
  const what =
    field === undefined
      ? `could not be encoded: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`
      : `has ${field[0]} = ${JSON.stringify(result[field[0]]) ?? String(result[field[0]])} (${typeof result[field[0]]}); it must be a ${field[1] === 'count' ? 'non-negative integer' : field[1]}`;
  return new SextantClickHouseError({
    code: 'invalid-result',
    message: `${where} ${what}. Convert the value before writing (ids loaded from YAML may be numbers); none of this call's results were written.`,
    cause: options.cause,
  });
}
