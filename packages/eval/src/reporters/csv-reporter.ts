import { Readable } from 'node:stream';
import type { EvalResult } from '@sextant/spec';
import { format } from 'fast-csv';
import type { Reporter, ReporterInput } from './reporter.js';

/** Column names carry their unit; one row per result, in the order the results stream. */
export const CSV_COLUMNS = [
  'run_id',
  'suite',
  'case_id',
  'prompt_id',
  'target_id',
  'model',
  'provider',
  'repeat',
  'status',
  'passed',
  'score',
  'latency_ms',
  'time_to_first_chunk_ms',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
  'cost_usd',
  'judge_cost_usd',
  'attempts',
  'retries',
  'cache_hit',
  'error_type',
  'error_message',
  'failed_scorers',
  'output',
] as const;

/**
 * CSV through fast-csv (RFC 4180 quoting). Text cells that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab / carriage return) get a leading apostrophe, since model
 * outputs and case ids are untrusted. Missing values (unknown price, no TTFT) are empty cells.
 */
export const csvReporter: Reporter = {
  name: 'csv',
  description: 'CSV, one row per result, units in the column names',
  extension: 'csv',
  async *render(input: ReporterInput) {
    const formatter = format<Record<string, string>, Record<string, string>>({
      headers: [...CSV_COLUMNS],
      alwaysWriteHeaders: true,
      includeEndRowDelimiter: true,
    });
    const rows = Readable.from(rowsOf(input.results()));
    rows.on('error', (error) => formatter.destroy(error));
    rows.pipe(formatter);
    for await (const chunk of formatter) yield String(chunk);
  },
};

async function* rowsOf(
  results: AsyncIterable<EvalResult> | Iterable<EvalResult>,
): AsyncGenerator<Record<string, string>> {
  for await (const result of results) yield rowOf(result);
}

export function rowOf(result: EvalResult): Record<string, string> {
  return {
    run_id: text(result.runId),
    suite: text(result.suite),
    case_id: text(result.caseId),
    prompt_id: text(result.promptId),
    target_id: text(result.targetId),
    model: text(result.model),
    provider: text(result.provider),
    repeat: String(result.repeat),
    status: result.status,
    passed: String(result.passed),
    score: String(result.score),
    latency_ms: String(result.latencyMs),
    time_to_first_chunk_ms: optional(result.timeToFirstChunkMs),
    input_tokens: String(result.inputTokens),
    output_tokens: String(result.outputTokens),
    cached_input_tokens: String(result.cachedInputTokens),
    reasoning_tokens: String(result.reasoningTokens),
    cost_usd: optional(result.costUsd),
    judge_cost_usd: optional(result.judgeCostUsd),
    attempts: String(result.attempts),
    retries: String(result.retries),
    cache_hit: String(result.cacheHit),
    error_type: text(result.errorType ?? ''),
    error_message: text(result.errorMessage ?? ''),
    failed_scorers: text(
      result.scores
        .filter((score) => !score.passed)
        .map((score) => `${score.name}: ${score.reason}`)
        .join('; '),
    ),
    output: text(result.output),
  };
}

function optional(value: number | null): string {
  return value === null ? '' : String(value);
}

function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
