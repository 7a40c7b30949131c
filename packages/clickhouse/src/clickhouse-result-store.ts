/**
 * `ResultStore` on `sextant_eval_runs` / `sextant_eval_results`.
 *
 * Writes are group-committed: `writeResults` adds rows to the pending batch and its promise
 * resolves only once that batch is INSERTed (durable). A batch is sent when it reaches
 * `batchSize` rows, `flushIntervalMs` after its first row, or on `flush()` / `close()`. So many
 * concurrent callers share one INSERT, and a caller that awaits each write waits at most
 * `flushIntervalMs`. If an INSERT fails, every promise of that batch rejects; sending the same
 * results again is safe. On the embedded engine each result is encoded into the batch's Native
 * block as it is written (eval-result-block.ts); a full batch's block goes to its file and its
 * INSERT starts within the `writeResults` call that filled it, so the next batch is encoded while
 * the engine writes this one. Up to `maxInsertsInFlight` INSERTs run at once; a full batch beyond
 * them waits in memory and goes to its file only when its INSERT starts (so block files never
 * outnumber INSERTs, even for a caller that does not await). `flush()` and `close()` wait for all
 * of them. A call with a result that cannot be encoded rejects and adds
 * none of its results.
 *
 * Idempotency: rows carry a write version and the table is a ReplacingMergeTree on the result
 * key; every read here uses FINAL, groups by the key or keeps the newest version per key, so a key written twice (a re-sent batch,
 * a resumed run) is read once, with its newest values, before and after merges.
 *
 * The store does not own the connection: `close()` flushes and stops accepting writes, and leaves
 * the SextantClickHouse open.
 */
import type { EvalResult, EvalResultKey, EvalRun, ResultStore } from '@sextant/spec';
import { qualifiedName } from './identifiers.js';
import { insertJsonRows } from './insert-json-rows.js';
import { EvalResultBlockEncoder } from './eval-result-block.js';
import { insertNativeBlockFile, insertRows } from './insert-rows.js';
import { InsertSlots, type ReleaseSlot } from './insert-slots.js';
import {
  RESULT_COLUMNS,
  RESULT_NATIVE_COLUMNS,
  RUN_COLUMNS,
  RUN_INSERT_COLUMNS,
  rowValues,
  fromResultRow,
  fromRunRow,
  toResultValues,
  toRunRow,
  type ResultRowOut,
  type RunRowOut,
} from './eval-rows.js';
import { EVAL_RESULTS_TABLE, EVAL_RUNS_TABLE } from './migrations/0002-eval-tables.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { BlockFileDirectory } from './block-file-directory.js';
import { createWriteVersionSource, type WriteVersionSource } from './write-version.js';
import { WatchedPromise } from './watched-promise.js';
import { writeNativeBlockFileSync } from './write-native-block-file-sync.js';

export interface ClickHouseResultStoreOptions {
  clickhouse: SextantClickHouse;
  /** Rows per INSERT; default 5 000. */
  batchSize?: number;
  /** Longest a written row waits for its batch; default 100 ms. */
  flushIntervalMs?: number;
  /** Clock for write versions (epoch ms); default Date.now. */
  now?: () => number;
  /** Rows per page when streaming a run's results; default 10 000. */
  readPageSize?: number;
  /**
   * INSERTs that may run at once; default 2. Each write still resolves only once its own batch
   * is stored, and `flush`/`close` wait for all of them. Write versions are taken when results
   * are written, so batches that land out of order still keep the newest row per key.
   */
  maxInsertsInFlight?: number;
  /**
   * Embedded engine: where block files go (in a `sextant-blocks-<pid>-*` directory removed on
   * `close()` and at process exit; see block-file-directory.ts); default `os.tmpdir()`. Where /tmp
   * is a tmpfs they take RAM until their INSERT ends.
   */
  temporaryDirectory?: string;
}

interface PendingBatch {
  /** Server: row values, encoded as JSON when sent. */
  rows: unknown[][];
  /** Embedded engine: the Native block, encoded as results are written. */
  encoder: EvalResultBlockEncoder | undefined;
  /** Embedded engine: the block copied out of its encoder while the batch waits for a slot. */
  block: Uint8Array[] | undefined;
  count: number;
  /** Numbered when sent, from 1. */
  sequence: number;
  done: WatchedPromise<void>;
  settle: (error?: unknown) => void;
  error?: unknown;
}

export class ClickHouseResultStore implements ResultStore {
  readonly #clickhouse: SextantClickHouse;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #readPageSize: number;
  readonly #nextVersion: WriteVersionSource;
  readonly #results: string;
  readonly #runs: string;
  #pending: PendingBatch = newBatch();
  /** Encoders whose batch is written out, kept for reuse (their buffers have grown already). */
  readonly #freeEncoders: EvalResultBlockEncoder[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #slots: InsertSlots;
  /** Every sent batch not yet settled (each promise never rejects). */
  readonly #outstanding = new Set<Promise<void>>();
  #sentBatches = 0;
  /** Failed batches not yet reported by a flush, in the order they failed. */
  #failed: PendingBatch[] = [];
  readonly #blockFiles: BlockFileDirectory;
  #closed = false;

  constructor(options: ClickHouseResultStoreOptions) {
    this.#clickhouse = options.clickhouse;
    this.#batchSize = Math.max(1, options.batchSize ?? 5_000);
    this.#flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 100);
    this.#readPageSize = Math.max(1, options.readPageSize ?? 10_000);
    this.#slots = new InsertSlots({ limit: options.maxInsertsInFlight ?? 2 });
    this.#nextVersion = createWriteVersionSource(options.now);
    this.#blockFiles = new BlockFileDirectory({ parent: options.temporaryDirectory });
    this.#results = qualifiedName(options.clickhouse.database, EVAL_RESULTS_TABLE);
    this.#runs = qualifiedName(options.clickhouse.database, EVAL_RUNS_TABLE);
  }

  async saveRun(run: EvalRun): Promise<void> {
    this.#assertOpen();
    await insertJsonRows(this.#clickhouse, {
      table: this.#runs,
      columns: RUN_INSERT_COLUMNS,
      rows: [rowValues(toRunRow(run, this.#nextVersion()), RUN_INSERT_COLUMNS)],
    });
  }

  async getRun(runId: string): Promise<EvalRun | null> {
    const result = await this.#clickhouse.client.query({
      query: `SELECT ${RUN_COLUMNS} FROM ${this.#runs} FINAL WHERE run_id = {runId:String}`,
      query_params: { runId },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<RunRowOut>();
    return row === undefined ? null : fromRunRow(row);
  }

  writeResults(results: readonly EvalResult[]): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    if (results.length === 0) return Promise.resolve();
    const batch = this.#pending;
    if (this.#clickhouse.embedded) {
      batch.encoder ??= this.#freeEncoders.pop() ?? new EvalResultBlockEncoder(this.#batchSize);
      try {
        batch.encoder.addAll(results, this.#nextVersion);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    } else {
      for (const result of results) {
        batch.rows.push(toResultValues(result, this.#nextVersion()));
      }
    }
    batch.count += results.length;
    if (batch.count >= this.#batchSize) {
      this.#sendPending();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#sendPending(), this.#flushIntervalMs);
    }
    return batch.done;
  }

  /**
   * Sends the pending batch; resolves when every write made before the call is durable. Rejects
   * if the batch it sent failed, or if a batch sent since the previous flush failed and none of its
   * writers awaited it (a write whose promise was awaited or handled reported its own failure).
   * Each failure is reported by one flush only.
   */
  flush(): Promise<void> {
    const own = this.#sendPending();
    const upTo = this.#sentBatches;
    return this.#allSent().then(() => {
      const failure = this.#takeFailure({ own, upTo });
      if (failure !== undefined) throw failure;
    });
  }

  /** Sends the pending batch, if it has rows; the store's own flushes (timer, full batch). */
  #sendPending(): PendingBatch | undefined {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    if (batch.count === 0) return undefined;
    this.#pending = newBatch();
    this.#sentBatches += 1;
    batch.sequence = this.#sentBatches;
    const sent = this.#send(batch);
    this.#outstanding.add(sent);
    void sent.then(() => this.#outstanding.delete(sent));
    return batch;
  }

  /** The error a flush must report; forgets the failures of batches sent up to `upTo`. */
  #takeFailure(options: { own: PendingBatch | undefined; upTo: number }): Error | undefined {
    let report: Error | undefined;
    const later: PendingBatch[] = [];
    for (const failed of this.#failed) {
      if (failed.sequence > options.upTo) later.push(failed);
      else if (failed === options.own || (report === undefined && !failed.done.watched)) {
        report = failed.error as Error;
      }
    }
    this.#failed = later;
    return report;
  }

  /** Resolves (never rejects) once every batch sent so far has settled. */
  #allSent(): Promise<void> {
    return Promise.all(this.#outstanding).then(() => undefined);
  }

  /**
   * INSERTs the batch and settles its writers; never rejects. At most `maxInsertsInFlight` INSERTs
   * run at a time; a batch waits for its slot in memory, in its encoder, and goes to its file only
   * once the slot is its own, so a caller that never awaits cannot queue files on disk (a tmpfs is
   * RAM) and at most `maxInsertsInFlight` block files exist per store. With a free slot the block
   * goes to its file in this turn and the INSERT starts at once (chDB runs it on a libuv worker),
   * so the next batch is encoded while the engine writes this one, even by a caller that never
   * yields.
   */
  #send(batch: PendingBatch): Promise<void> {
    const release = this.#slots.tryTake();
    let inserted: Promise<void>;
    if (release !== undefined) {
      inserted = this.#insert(batch, release);
    } else {
      // Waiting: the block is copied out at its exact size and the encoder (sized for a whole
      // batch, ~3× the block) goes back to be reused, so waiting batches cost their bytes only.
      const encoder = batch.encoder;
      if (encoder !== undefined) {
        batch.block = [Buffer.concat(encoder.finish())];
        this.#freeEncoder(batch);
      }
      inserted = this.#slots.take().then((slot) => this.#insert(batch, slot));
    }
    return inserted.then(
      () => batch.settle(),
      (error: unknown) => {
        batch.error = error;
        this.#failed.push(batch);
        batch.settle(error);
      },
    );
  }

  /** INSERTs the batch in the slot it holds, then frees the slot. */
  async #insert(batch: PendingBatch, release: ReleaseSlot): Promise<void> {
    try {
      const block = batch.block ?? batch.encoder?.finish();
      if (block === undefined) {
        await insertRows(this.#clickhouse, {
          table: this.#results,
          columns: RESULT_NATIVE_COLUMNS,
          rows: batch.rows,
        });
        return;
      }
      let path: string;
      try {
        path = writeNativeBlockFileSync(block, { directory: this.#blockFiles });
      } finally {
        batch.block = undefined;
        this.#freeEncoder(batch);
      }
      await insertNativeBlockFile(this.#clickhouse, {
        table: this.#results,
        columns: RESULT_NATIVE_COLUMNS,
        path,
        // Replacing duplicates inside the block at INSERT time made the INSERT ~3× dearer; every
        // read here (and every reader, see 0002-eval-tables.ts) keeps one row per key anyway.
        settings: { optimize_on_insert: 0 },
      });
    } finally {
      release();
    }
  }

  /** Takes the batch's encoder back for the next batches (their buffers have grown already). */
  #freeEncoder(batch: PendingBatch): void {
    const encoder = batch.encoder;
    if (encoder === undefined) return;
    batch.encoder = undefined;
    encoder.reset();
    if (this.#freeEncoders.length < 2) this.#freeEncoders.push(encoder);
  }

  async completedKeys(runId: string): Promise<EvalResultKey[]> {
    const result = await this.#clickhouse.client.query({
      query: `SELECT DISTINCT case_id, prompt_id, target_id, repeat FROM ${this.#results}
        WHERE run_id = {runId:String}`,
      query_params: { runId },
      format: 'JSONCompactEachRow',
    });
    const rows = await result.json<[string, string, string, number | string]>();
    return rows.map(([caseId, promptId, targetId, repeat]) => ({
      runId,
      caseId,
      promptId,
      targetId,
      repeat: Number(repeat),
    }));
  }

  async *readResults(runId: string): AsyncIterable<EvalResult> {
    // Keyset pages keep memory bounded on both backends (chDB buffers each query's result). No
    // FINAL: it would re-merge the whole rest of the run on every page. Instead each page reads
    // rows in primary-key order and keeps the newest version of each key (LIMIT 1 BY), so the
    // engine reads the page's key range in order and stops once the page is full.
    const key = 'prompt_id, target_id, case_id, repeat';
    let after: ResultRowOut | undefined;
    for (;;) {
      const result = await this.#clickhouse.client.query({
        query:
          `SELECT ${RESULT_COLUMNS} FROM ${this.#results} WHERE run_id = {runId:String}` +
          (after === undefined
            ? ''
            : ` AND (${key}) > ({promptId:String}, {targetId:String}, {caseId:String}, {repeat:UInt32})`) +
          ` ORDER BY ${key}, version DESC LIMIT 1 BY ${key} LIMIT {limit:UInt32}`,
        query_params: {
          runId,
          limit: this.#readPageSize,
          ...(after === undefined
            ? {}
            : {
                promptId: after.prompt_id,
                targetId: after.target_id,
                caseId: after.case_id,
                repeat: Number(after.repeat),
              }),
        },
        format: 'JSONEachRow',
      });
      const rows = await result.json<ResultRowOut>();
      for (const row of rows) yield fromResultRow(row);
      if (rows.length < this.#readPageSize) return;
      after = rows[rows.length - 1];
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
      this.#closed = true;
      // ~100 MB per encoder at batchSize 100,000: a closed store still referenced keeps none.
      this.#freeEncoders.length = 0;
    } finally {
      // Every INSERT has settled (flush waits for all of them), so no file is still being read.
      this.#blockFiles.remove();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }
}

function newBatch(): PendingBatch {
  let settle: (error?: unknown) => void = () => undefined;
  const done = new WatchedPromise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error as Error));
  });
  // A batch nobody awaits must not become an unhandled rejection (flush/close report it).
  done.ignoreRejection();
  return { rows: [], encoder: undefined, block: undefined, count: 0, sequence: 0, done, settle };
}

function closedError(): Error {
  return new Error('ClickHouseResultStore is closed; open a new store to write more results');
}
