/**
 * An OpenTelemetry `SpanExporter` that writes finished spans to `otel_traces` with the collector
 * exporter's columns and value conventions (see otel-trace-row.ts).
 *
 * Contract (opentelemetry-js doc/exporter-guide.md):
 * - `export` never throws and never changes the spans; every outcome, failures included, goes to
 *   the result callback (`ExportResultCode.FAILED` with the error). It does no batching of its
 *   own: one `export` call is one INSERT, so pair it with a `BatchSpanProcessor`.
 * - A down or slow ClickHouse never blocks the host: each export (opening the connection
 *   included) is abandoned after `timeoutMs` and reported as failed. At most `maxInsertsInFlight`
 *   (default 1) of this exporter's INSERTs run at once; later exports wait in order, so a burst
 *   (a processor's forceFlush exports every queued batch at once) cannot take over libuv's thread
 *   pool, which the host's fs and dns.lookup share with chDB.
 * - FAILED after a timeout means "not confirmed", not "not stored": neither backend can take back
 *   an INSERT it has begun. On the embedded engine an export whose INSERT had started still lands
 *   (chDB cannot cancel it; its file is kept until the engine is done), and one still encoding or
 *   waiting for its slot never starts; a server may have stored the rows before the request was
 *   cancelled. The OpenTelemetry processors do not retry a FAILED export, so nothing is stored
 *   twice; a retrying wrapper would duplicate such spans (`otel_traces` is a plain MergeTree).
 * - On the embedded engine a batch becomes one Native block (otel-trace-block.ts), encoded in
 *   slices of 2,048 spans with a yield to the event loop between them, so even a 50,000-span
 *   batch holds the host's thread for one slice at a time: ~2.4 ms per 512 spans and ~9 ms per
 *   2,048 of GenAI-like spans (6 attributes with a 400-character prompt, one event; more for
 *   larger content; measured in the review of 2026-11-25); batches are encoded in
 *   order while earlier ones are being inserted. Larger batches cost the engine much less per span
 *   (fewer parts to write and merge): see the README for the recommended BatchSpanProcessor
 *   settings.
 * - `forceFlush` waits for exports in flight; `shutdown` does too, then refuses new exports and
 *   closes the connection if the exporter opened it (given a factory). A `SextantClickHouse`
 *   passed in directly belongs to the caller and is left open.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BlockFileDirectory } from './block-file-directory.js';
import { assertIdentifier, qualifiedName } from './identifiers.js';
import { OTEL_TRACES_TABLE } from './migrations/0001-otel-traces.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { insertNativeBlockFile, insertRows, writeNativeBlockFile } from './insert-rows.js';
import { InsertSlots } from './insert-slots.js';
import { OtelTraceBlockEncoder } from './otel-trace-block.js';
import { OTEL_TRACE_INSERT_COLUMNS, toOtelTraceValues } from './otel-trace-row.js';

/** Spans encoded between two yields to the event loop (a few milliseconds of work). */
const ENCODE_SLICE = 2_048;

export interface ClickHouseSpanExporterOptions {
  /** An open connection, or a factory called on the first export (the exporter then owns it). */
  clickhouse: SextantClickHouse | (() => Promise<SextantClickHouse>);
  /** Default `otel_traces`. */
  table?: string;
  /** Per export, including opening the connection; default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Embedded engine: where block files go (in a `sextant-blocks-<pid>-*` directory removed on
   * `shutdown()` and at process exit; see block-file-directory.ts); default `os.tmpdir()`.
   */
  temporaryDirectory?: string;
  /**
   * INSERTs of this exporter that may run at once; default 1. On the embedded engine each takes
   * one of libuv's threads (4 by default, shared with the host's fs, dns.lookup, crypto and zlib),
   * and a BatchSpanProcessor's forceFlush/shutdown exports all its queued batches at once. Further
   * exports wait in order (their time counts against `timeoutMs`); the processor's queue bounds
   * the memory they hold.
   */
  maxInsertsInFlight?: number;
  /**
   * Default true, ClickHouse's own default (and the collector's). False builds the table's skip
   * indexes (the bloom filters on ids and attributes, the span-name token index) when parts merge
   * instead of in every INSERT, which took ~20 % of the engine's CPU per span in 50,000-span
   * batches (bench/clickhouse/RESULTS.md): a merge builds the merged part's indexes anew anyway,
   * so those of every part that merges are written for nothing. Until its first merge a part is
   * read without index pruning (results are the same; a lookup by TraceId scans those recent
   * parts), and a part that never merges keeps no skip index.
   */
  materializeSkipIndexesOnInsert?: boolean;
}

export class ClickHouseSpanExporter implements SpanExporter {
  readonly #source: SextantClickHouse | (() => Promise<SextantClickHouse>);
  readonly #table: string;
  readonly #timeoutMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  #connection: Promise<SextantClickHouse> | undefined;
  #encoding: Promise<unknown> = Promise.resolve();
  #encoder: OtelTraceBlockEncoder | undefined;
  readonly #blockFiles: BlockFileDirectory;
  readonly #slots: InsertSlots;
  readonly #settings: Readonly<Record<string, number>>;
  #isShutdown = false;

  constructor(options: ClickHouseSpanExporterOptions) {
    this.#source = options.clickhouse;
    this.#table = assertIdentifier({ value: options.table ?? OTEL_TRACES_TABLE, field: 'table' });
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#blockFiles = new BlockFileDirectory({ parent: options.temporaryDirectory });
    this.#slots = new InsertSlots({ limit: options.maxInsertsInFlight ?? 1 });
    this.#settings =
      options.materializeSkipIndexesOnInsert === false
        ? { materialize_skip_indexes_on_insert: 0 }
        : {};
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.#isShutdown) {
      deliver(resultCallback, {
        code: ExportResultCode.FAILED,
        error: new Error('ClickHouseSpanExporter is shut down; spans were not exported'),
      });
      return;
    }
    const done = this.#send(spans).then(
      (): ExportResult => ({ code: ExportResultCode.SUCCESS }),
      (error: unknown): ExportResult => ({ code: ExportResultCode.FAILED, error: asError(error) }),
    );
    const tracked = done.then((result) => {
      this.#inFlight.delete(tracked);
      deliver(resultCallback, result);
    });
    this.#inFlight.add(tracked);
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  async shutdown(): Promise<void> {
    this.#isShutdown = true;
    await this.forceFlush();
    this.#blockFiles.remove();
    // The encoder's buffers (~47 MB for a 50,000-span batch) are not needed any more.
    this.#encoder = undefined;
    if (typeof this.#source === 'function' && this.#connection !== undefined) {
      const connection = this.#connection;
      this.#connection = undefined;
      await connection.then((clickhouse) => clickhouse.close()).catch(() => undefined);
    }
  }

  async #send(spans: ReadableSpan[]): Promise<void> {
    if (spans.length === 0) return;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          `ClickHouse did not confirm ${String(spans.length)} spans within ${String(this.#timeoutMs)} ms; ` +
            'if their INSERT had started they may still be stored',
        );
        abort.abort(error);
        reject(error);
      }, this.#timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([
        this.#clickhouse().then((clickhouse) => this.#insert(clickhouse, spans, abort.signal)),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #insert(
    clickhouse: SextantClickHouse,
    spans: ReadableSpan[],
    abortSignal: AbortSignal,
  ): Promise<void> {
    const table = qualifiedName(clickhouse.database, this.#table);
    if (!clickhouse.embedded) {
      const rows = spans.map(toOtelTraceValues);
      const release = await this.#slots.take({ abortSignal });
      try {
        await insertRows(clickhouse, {
          table,
          columns: OTEL_TRACE_INSERT_COLUMNS,
          rows,
          settings: this.#settings,
          abortSignal,
        });
      } finally {
        release();
      }
      return;
    }
    // Batches are encoded (into buffers reused from batch to batch) in order, each while the
    // previous one is inserted (chDB runs an INSERT on a libuv worker thread). A batch goes to its
    // temp file only once it holds an INSERT slot, so files never outnumber INSERTs running.
    const ready = this.#encoding.then(async () => {
      this.#encoder ??= new OtelTraceBlockEncoder(spans.length);
      const parts = await encodeInSlices(this.#encoder, spans, abortSignal);
      const release = await this.#slots.take({ abortSignal });
      try {
        return {
          release,
          path: await writeNativeBlockFile(parts, { directory: this.#blockFiles }),
        };
      } catch (error) {
        release();
        throw error;
      }
    });
    this.#encoding = ready.catch(() => undefined);
    const { release, path } = await ready;
    try {
      // No abort signal: chDB cannot cancel a query it has started (an abort only rejects the JS
      // promise while the engine's thread runs on), so the slot is held, and the file kept, until
      // the engine is really done. A timed-out export's rows may therefore still be stored.
      await insertNativeBlockFile(clickhouse, {
        table,
        columns: OTEL_TRACE_INSERT_COLUMNS,
        path,
        settings: this.#settings,
      });
    } finally {
      release();
    }
  }

  #clickhouse(): Promise<SextantClickHouse> {
    const source = this.#source;
    if (typeof source !== 'function') return Promise.resolve(source);
    if (this.#connection === undefined) {
      const opening = source();
      // A failed open is retried on the next export instead of failing forever.
      opening.catch(() => {
        if (this.#connection === opening) this.#connection = undefined;
      });
      this.#connection = opening;
    }
    return this.#connection;
  }
}

/** The batch's Native block, yielding between slices so a large batch never stalls the host. */
async function encodeInSlices(
  encoder: OtelTraceBlockEncoder,
  spans: ReadableSpan[],
  abortSignal: AbortSignal,
): Promise<Buffer[]> {
  encoder.reset();
  for (let index = 0; index < spans.length; index += 1) {
    if (index > 0 && index % ENCODE_SLICE === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      abortSignal.throwIfAborted();
    }
    encoder.add(spans[index] as ReadableSpan);
  }
  return encoder.finish();
}

function deliver(resultCallback: (result: ExportResult) => void, result: ExportResult): void {
  try {
    resultCallback(result);
  } catch {
    // A throwing callback belongs to the caller; it must not become an unhandled rejection here.
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
