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
 * of them. A call larger than the room left in the pending batch fills it and goes on into new
 * batches, so no INSERT exceeds `batchSize` rows; its promise resolves once all of them are
 * stored. A call with a result the Native encoder cannot write (a field of the wrong type) rejects
 * with an `invalid-result` error and adds none of its results, on either backend: the server
 * path runs its results through the same encoder into a scratch block first.
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
  RESULT_NATIVE_COLUMNS,
  RUN_COLUMNS,
  RUN_INSERT_COLUMNS,
  rowValues,
  fromRunRow,
  toResultValues,
  toRunRow,
  type RunRowOut,
} from './eval-rows.js';
import { EVAL_RESULTS_TABLE, EVAL_RUNS_TABLE } from './migrations/0002-eval-tables.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { BlockFileDirectory } from './block-file-directory.js';
import { createWriteVersionSource, type WriteVersionSource } from './write-version.js';
import { WatchedPromise } from './watched-promise.js';
import { readCompletedKeys } from './read-completed-keys.js';
import { readResultPages } from './read-result-pages.js';
import { newBatch, type PendingBatch } from './pending-result-batch.js';
import { writeNativeBlockFileSync } from './write-native-block-file-sync.js';

/** Results checked per scratch block on the server path (bounds the scratch encoder's size). */
const VALIDATE_CHUNK = 1_024;

export interface ClickHouseResultStoreOptions {
  clickhouse: SextantClickHouse;
  /**
   * Most rows per INSERT; default 20 000 on the embedded engine, 5 000 on a server (one JSON body
   * per batch there, and the larger figure was measured on the embedded engine only). A batch is
   * sent when full or `flushIntervalMs` after its first row, so this bounds only fast writers. Every INSERT costs the embedded engine ~10–15 ms
   * beyond its rows (planning, the part's files; bench/clickhouse/RESULTS.md, 2026-11-26): 2–3 µs
   * per row in 5,000-row batches, 0.5–0.7 in 20,000-row ones.
   */
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
  /** Server: the scratch encoder that checks results as the embedded path would. */
  #validator: EvalResultBlockEncoder | undefined;
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
    this.#batchSize = Math.max(
      1,
      options.batchSize ?? (options.clickhouse.embedded ? 20_000 : 5_000),
    );
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
    let batches: PendingBatch[];
    try {
      batches = this.#fill(results);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    // A call larger than the room left spans batches: every one but the last is full.
    const last = batches[batches.length - 1] as PendingBatch;
    if (last !== this.#pending) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      for (const full of batches.slice(0, -1)) this.#dispatch(full);
      this.#pending = last;
    }
    if (last.count >= this.#batchSize) {
      this.#sendPending();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#sendPending(), this.#flushIntervalMs);
    }
    return batches.length === 1
      ? last.done
      : WatchedPromise.allOf(batches.map((batch) => batch.done));
  }

  /**
   * Adds the call's results to the pending batch and, past `batchSize`, to new batches (so no
   * INSERT exceeds `batchSize` rows however large the call), all or none: if one result cannot be
   * written, the pending batch is rolled back and the new ones dropped. Returns the batches
   * written to, in order; none is sent yet.
   */
  #fill(results: readonly EvalResult[]): PendingBatch[] {
    const first = this.#pending;
    const firstCount = first.count;
    const mark = first.encoder?.mark();
    const batches: PendingBatch[] = [];
    let batch = first;
    try {
      for (let start = 0; start < results.length;) {
        if (batch.count >= this.#batchSize) batch = newBatch();
        const end = Math.min(results.length, start + this.#batchSize - batch.count);
        this.#add(batch, results, { start, end });
        batch.count += end - start;
        batches.push(batch);
        start = end;
      }
    } catch (error) {
      first.count = firstCount;
      first.rows.length = firstCount;
      if (mark !== undefined) first.encoder?.rollback(mark);
      else first.encoder?.reset();
      for (const added of batches) if (added !== first) this.#freeEncoder(added);
      throw error;
    }
    return batches;
  }

  /** Encodes (embedded engine) or checks and collects (server) `results` from start to end. */
  #add(batch: PendingBatch, results: readonly EvalResult[], range: { start: number; end: number }) {
    if (this.#clickhouse.embedded) {
      // Sized for a whole batch at once (~19 MiB at 20,000 rows): growing by doubling allocated
      // ~2.5× the bytes, and V8 answers a burst of new external memory beside a large heap with
      // full collections. The pages of an unfilled buffer are never touched, so a store that writes
      // a few results does not make them resident (V8 still counts them as external memory).
      batch.encoder ??= this.#freeEncoders.pop() ?? new EvalResultBlockEncoder(this.#batchSize);
      batch.encoder.addAll(results, this.#nextVersion, range);
      return;
    }
    // A server would store some wrong types (a number in a String column) or fail with an engine
    // error. The results go through the embedded path's encoder first, into a scratch block, so
    // both backends take and refuse the same values with the same typed error (~2.5 µs/result).
    this.#validator ??= new EvalResultBlockEncoder(VALIDATE_CHUNK);
    for (let start = range.start; start < range.end; start += VALIDATE_CHUNK) {
      const end = Math.min(range.end, start + VALIDATE_CHUNK);
      try {
        this.#validator.addAll(results, () => 0, { start, end });
      } finally {
        this.#validator.reset();
      }
    }
    for (let index = range.start; index < range.end; index += 1) {
      batch.rows.push(toResultValues(results[index] as EvalResult, this.#nextVersion()));
    }
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
    this.#dispatch(batch);
    return batch;
  }

  /** Numbers the batch and sends it (see #send). */
  #dispatch(batch: PendingBatch): void {
    this.#sentBatches += 1;
    batch.sequence = this.#sentBatches;
    const sent = this.#send(batch);
    this.#outstanding.add(sent);
    void sent.then(() => this.#outstanding.delete(sent));
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

  completedKeys(runId: string): Promise<EvalResultKey[]> {
    return readCompletedKeys({ clickhouse: this.#clickhouse, table: this.#results, runId });
  }

  readResults(runId: string): AsyncIterable<EvalResult> {
    return readResultPages({
      clickhouse: this.#clickhouse,
      table: this.#results,
      runId,
      pageSize: this.#readPageSize,
    });
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

function closedError(): Error {
  return new Error('ClickHouseResultStore is closed; open a new store to write more results');
}
