/**
 * Eval results straight into one `sextant_eval_results` Native block, one pass, no row arrays:
 * each column stream has its own growing buffer. The block is byte for byte what
 * `encodeNativeBlock` gives for `toResultValues` rows (a test checks it), so the stored values are
 * those of the server's JSON path.
 */
import { invalidResultError } from './invalid-result-error.js';
import type { EvalResult, ScorerOutcome } from '@sextant/spec';
import { ByteWriter } from './byte-writer.js';
import { RESULT_NATIVE_COLUMNS } from './eval-rows.js';
import { nativeBlockParts, type NativeColumn } from './native-block.js';
import { ScoresJsonWriter } from './scores-json-writer.js';
import { writeDateTime64Text } from './write-version.js';

export const RESULT_BLOCK_COLUMNS: readonly NativeColumn[] = RESULT_NATIVE_COLUMNS.map(
  (column, index) => ({ name: `c${String(index)}`, type: column.nativeType }),
);

/** output and scores (JSON): the long texts of a row (error_message is mostly NULL, so short). */
const LARGE_TEXT_COLUMNS = new Set([11, 13]);

function valueWidth(column: NativeColumn): number {
  if (column.type === 'Bool') return 1;
  if (column.type === 'UInt32') return 4;
  return column.type.includes('String') ? 24 : 8;
}

/** One column's streams: `values` always, `nulls` for Nullable, `offsets` and `keys` for Map. */
interface ColumnStreams {
  nulls: ByteWriter;
  offsets: ByteWriter;
  keys: ByteWriter;
  values: ByteWriter;
}

/** An encoder's position, from `mark()`. */
export interface EncoderMark {
  readonly rows: number;
  readonly scoreEntries: number;
  readonly lengths: ReadonlyArray<readonly number[]>;
}

export class EvalResultBlockEncoder {
  #rows = 0;
  #scoreEntries = 0;
  readonly #columns: ColumnStreams[];
  readonly #scoresJson = new ScoresJsonWriter();

  constructor(expectedRows: number) {
    const rows = Math.max(16, expectedRows);
    // First sizes near a typical row's, so a new encoder's buffers rarely grow (and get copied).
    this.#columns = RESULT_BLOCK_COLUMNS.map((column, index) => ({
      nulls: new ByteWriter(column.type.startsWith('Nullable') ? rows : 16),
      offsets: new ByteWriter(column.type.startsWith('Map') ? rows * 8 : 16),
      keys: new ByteWriter(column.type.startsWith('Map') ? rows * 16 : 16),
      values: new ByteWriter(rows * (LARGE_TEXT_COLUMNS.has(index) ? 256 : valueWidth(column))),
    }));
  }

  get rows(): number {
    return this.#rows;
  }

  /**
   * Adds every result of `range` (default all), each with the next version, or (if one cannot be
   * encoded) none of them; the error names the result by its index in `results`.
   */
  addAll(
    results: readonly EvalResult[],
    nextVersion: () => number,
    range: { start: number; end: number } = { start: 0, end: results.length },
  ): void {
    const mark = this.mark();
    let index = range.start;
    try {
      for (; index < range.end; index += 1) this.add(results[index] as EvalResult, nextVersion());
    } catch (error) {
      this.rollback(mark);
      throw invalidResultError({ result: results[index] as EvalResult, index, cause: error });
    }
  }

  /** Where the block ends now, for `rollback`. */
  mark(): EncoderMark {
    return {
      rows: this.#rows,
      scoreEntries: this.#scoreEntries,
      lengths: this.#columns.map((streams) => [
        streams.nulls.length,
        streams.offsets.length,
        streams.keys.length,
        streams.values.length,
      ]),
    };
  }

  /** Drops every result added since `mark` was taken. */
  rollback(mark: EncoderMark): void {
    this.#rows = mark.rows;
    this.#scoreEntries = mark.scoreEntries;
    this.#columns.forEach((streams, index) => {
      const [nulls = 0, offsets = 0, keys = 0, values = 0] = mark.lengths[index] ?? [];
      streams.nulls.truncate(nulls);
      streams.offsets.truncate(offsets);
      streams.keys.truncate(keys);
      streams.values.truncate(values);
    });
  }

  add(result: EvalResult, version: number): void {
    const column = this.#columns as readonly ColumnStreams[];
    column[0]!.values.string(result.runId);
    column[1]!.values.string(result.promptId);
    column[2]!.values.string(result.targetId);
    column[3]!.values.string(result.caseId);
    column[4]!.values.uint32(Number(result.repeat));
    column[5]!.values.string(result.suite);
    column[6]!.values.string(result.model);
    column[7]!.values.string(result.provider);
    column[8]!.values.string(result.status);
    nullableString(column[9]!, result.errorType);
    nullableString(column[10]!, result.errorMessage);
    column[11]!.values.string(result.output);
    nullableString(column[12]!, result.finishReason);
    this.#scoresJson.write(column[13]!.values, result.scores);
    this.#addScoreMap(column[14]!, result.scores);
    column[15]!.values.float64(Number(result.score));
    column[16]!.values.uint8(result.passed === true ? 1 : 0);
    column[17]!.values.float64(Number(result.latencyMs));
    nullableFloat(column[18]!, result.timeToFirstChunkMs);
    column[19]!.values.uint64(result.inputTokens);
    column[20]!.values.uint64(result.outputTokens);
    column[21]!.values.uint64(result.cachedInputTokens);
    column[22]!.values.uint64(result.reasoningTokens);
    nullableFloat(column[23]!, result.costUsd);
    nullableFloat(column[24]!, result.judgeCostUsd);
    column[25]!.values.uint64(result.judgeInputTokens);
    column[26]!.values.uint64(result.judgeOutputTokens);
    column[27]!.values.uint32(Number(result.attempts));
    column[28]!.values.uint32(Number(result.retries));
    column[29]!.values.uint8(result.cacheHit === true ? 1 : 0);
    column[30]!.values.string(result.traceId);
    column[31]!.values.string(result.spanId);
    writeDateTime64Text(column[32]!.values, result.startedAt);
    column[33]!.values.uint64(version);
    this.#rows += 1;
  }

  /**
   * The block for every result added so far, as parts to write in order: views of the encoder's
   * buffers, valid until the next `add` or `reset`.
   */
  finish(): Buffer[] {
    return nativeBlockParts(
      RESULT_BLOCK_COLUMNS,
      this.#rows,
      RESULT_BLOCK_COLUMNS.map((column, index) => {
        const streams = this.#columns[index] as ColumnStreams;
        if (column.type.startsWith('Nullable')) {
          return [streams.nulls.result(), streams.values.result()];
        }
        if (column.type.startsWith('Map')) {
          return [streams.offsets.result(), streams.keys.result(), streams.values.result()];
        }
        return [streams.values.result()];
      }),
    );
  }

  reset(): void {
    for (const streams of this.#columns) {
      streams.nulls.reset();
      streams.offsets.reset();
      streams.keys.reset();
      streams.values.reset();
    }
    this.#rows = 0;
    this.#scoreEntries = 0;
  }

  /** score_by_scorer: name → score, in the order (and with the last-wins duplicates) of an object. */
  #addScoreMap(streams: ColumnStreams, scores: readonly ScorerOutcome[]): void {
    if (hasPlainDistinctNames(scores)) {
      for (const scorer of scores) {
        streams.keys.string(scorer.name);
        streams.values.float64(scorer.score);
      }
      this.#scoreEntries += scores.length;
    } else {
      // Duplicate or index-like names: an object gives the key order and values the row path has.
      const byName = Object.create(null) as Record<string, number>;
      for (const scorer of scores) byName[scorer.name] = scorer.score;
      for (const name in byName) {
        streams.keys.string(name);
        streams.values.float64(byName[name] as number);
        this.#scoreEntries += 1;
      }
    }
    streams.offsets.uint64(this.#scoreEntries);
  }
}

// Module functions, not closures in `add`: a closure per column per row was garbage to collect.
function nullableString(streams: ColumnStreams, value: string | null): void {
  streams.nulls.uint8(value === null || value === undefined ? 1 : 0);
  streams.values.string(value ?? '');
}

function nullableFloat(streams: ColumnStreams, value: number | null): void {
  streams.nulls.uint8(value === null || value === undefined ? 1 : 0);
  streams.values.float64(value ?? 0);
}

/** No two names alike and none starting with a digit (which an object could reorder). */
function hasPlainDistinctNames(scores: readonly ScorerOutcome[]): boolean {
  if (scores.length > 16) return false;
  for (let index = 0; index < scores.length; index += 1) {
    const name = (scores[index] as ScorerOutcome).name;
    const first = name.charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) return false;
    for (let other = 0; other < index; other += 1) {
      if ((scores[other] as ScorerOutcome).name === name) return false;
    }
  }
  return true;
}
