/**
 * An OpenTelemetry `SpanExporter` that writes finished spans to `otel_traces` with the collector
 * exporter's columns and value conventions (see otel-trace-row.ts).
 *
 * Contract (opentelemetry-js doc/exporter-guide.md):
 * - `export` never throws and never changes the spans; every outcome, failures included, goes to
 *   the result callback (`ExportResultCode.FAILED` with the error). It does no batching of its
 *   own: one `export` call is one INSERT, so pair it with a `BatchSpanProcessor`.
 * - A down or slow ClickHouse never blocks the host: each export (opening the connection
 *   included) is abandoned after `timeoutMs` and reported as failed.
 * - `forceFlush` waits for exports in flight; `shutdown` does too, then refuses new exports and
 *   closes the connection if the exporter opened it (given a factory). A `SextantClickHouse`
 *   passed in directly belongs to the caller and is left open.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { assertIdentifier, qualifiedName } from './identifiers.js';
import { OTEL_TRACES_TABLE } from './migrations/0001-otel-traces.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { insertRows } from './insert-rows.js';
import { OTEL_TRACE_INSERT_COLUMNS, toOtelTraceValues } from './otel-trace-row.js';

export interface ClickHouseSpanExporterOptions {
  /** An open connection, or a factory called on the first export (the exporter then owns it). */
  clickhouse: SextantClickHouse | (() => Promise<SextantClickHouse>);
  /** Default `otel_traces`. */
  table?: string;
  /** Per export, including opening the connection; default 10 000 ms. */
  timeoutMs?: number;
}

export class ClickHouseSpanExporter implements SpanExporter {
  readonly #source: SextantClickHouse | (() => Promise<SextantClickHouse>);
  readonly #table: string;
  readonly #timeoutMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  #connection: Promise<SextantClickHouse> | undefined;
  #isShutdown = false;

  constructor(options: ClickHouseSpanExporterOptions) {
    this.#source = options.clickhouse;
    this.#table = assertIdentifier({ value: options.table ?? OTEL_TRACES_TABLE, field: 'table' });
    this.#timeoutMs = options.timeoutMs ?? 10_000;
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
    if (typeof this.#source === 'function' && this.#connection !== undefined) {
      const connection = this.#connection;
      this.#connection = undefined;
      await connection.then((clickhouse) => clickhouse.close()).catch(() => undefined);
    }
  }

  async #send(spans: ReadableSpan[]): Promise<void> {
    if (spans.length === 0) return;
    const rows = spans.map(toOtelTraceValues);
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          `ClickHouse did not accept ${String(spans.length)} spans within ${String(this.#timeoutMs)} ms; they were dropped`,
        );
        abort.abort(error);
        reject(error);
      }, this.#timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([
        this.#clickhouse().then((clickhouse) =>
          insertRows(clickhouse, {
            table: qualifiedName(clickhouse.database, this.#table),
            columns: OTEL_TRACE_INSERT_COLUMNS,
            rows,
            abortSignal: abort.signal,
          }),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
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
