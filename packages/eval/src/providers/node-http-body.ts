/**
 * A response body read from a `node:http` message, shaped for fetch consumers: an async iterable
 * of `Uint8Array` chunks (which is how both official SDKs read a stream), a `getReader()` with
 * `read`/`cancel`/`releaseLock`, and `cancel()`. No web stream is created. Like fetch's bodies:
 * once the request's signal aborts, every read rejects with the signal's reason; a connection
 * lost mid-body rejects with `TypeError('terminated')` whose `cause` is the socket error; a body
 * can be read once. Cancelling a body still arriving destroys the connection (it cannot be
 * reused); cancelling one that has arrived keeps it.
 *
 * The body is read from the socket as soon as the head arrives, whether anyone reads it or not
 * (at most `QUEUE_LIMIT` chunks ahead of the reader; then the socket is paused), as undici does:
 * node:http gives a keep-alive socket back to its agent only once the message has ended, so a
 * body the caller drops unread (the SDKs skip a JSON body with `content-length: 0`) would
 * otherwise hold its pooled socket for as long as the server keeps the connection open.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

type Chunk = IteratorResult<Uint8Array, undefined>;
const DONE: Chunk = { done: true, value: undefined };
/** Chunks queued ahead of the reader before the socket is paused. */
const QUEUE_LIMIT = 16;

export class NodeHttpBody implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  /** Every byte has arrived and sits in `chunks`. */
  private sourceEnded = false;
  /** The reader is through: it saw the end, the body failed, or it was cancelled. */
  private done = false;
  private failure: unknown = null;
  /** Reads waiting for a chunk, oldest first (a reader may ask again before an answer). */
  private readonly waiters: {
    resolve: (chunk: Chunk) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private locked = false;

  private readonly source: Readable;
  private readonly message: IncomingMessage;
  private readonly onFinish: () => void;

  /**
   * `source` is `message` or its decoder; `onFinish` runs once, when the reader saw the end, the
   * body failed or was cancelled.
   */
  constructor(options: { source: Readable; message: IncomingMessage; onFinish: () => void }) {
    const { source } = options;
    this.source = source;
    this.message = options.message;
    this.onFinish = options.onFinish;
    // Listened to at once: an unheard 'error' would crash the process.
    source.on('error', (error) => {
      this.fail(new TypeError('terminated', { cause: error }));
    });
    source.on('data', (chunk: Buffer) => {
      if (this.done) return;
      const waiter = this.waiters.shift();
      if (waiter !== undefined) {
        waiter.resolve({ done: false, value: chunk });
        return;
      }
      this.chunks.push(chunk);
      if (this.chunks.length >= QUEUE_LIMIT) source.pause();
    });
    source.on('end', () => {
      this.sourceEnded = true;
      if (this.waiters.length === 0 || this.done) return;
      this.finish();
      this.settleWaiters();
    });
  }

  get used(): boolean {
    return this.locked;
  }

  /** Ends every read with `reason` (the abort signal's) and drops the connection if still open. */
  abort(reason: unknown): void {
    if (this.done) return;
    this.fail(reason);
    if (!this.sourceEnded) this.source.destroy();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array, undefined> & AsyncIterable<Uint8Array> {
    this.lock();
    const iterator = {
      next: (): Promise<Chunk> => this.read(),
      return: async (): Promise<Chunk> => {
        this.cancel();
        return DONE;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  getReader(): {
    read(): Promise<Chunk>;
    cancel(): Promise<void>;
    releaseLock(): void;
  } {
    this.lock();
    return {
      read: () => this.read(),
      cancel: async () => this.cancel(),
      releaseLock: () => undefined,
    };
  }

  /**
   * Stops reading; what was not read is dropped. The connection is kept when every byte has
   * arrived (the SDKs cancel each retried 429's body; a new connection per retry would cost a
   * TLS handshake against a provider that is already overloaded), and dropped otherwise.
   */
  cancel(): void {
    if (this.done) return;
    this.chunks.length = 0;
    this.finish();
    this.settleWaiters();
    if (this.sourceEnded) return;
    // Arrived but queued behind a paused reader: let it run out (the data is dropped unread).
    if (this.message.complete) this.source.resume();
    else this.source.destroy();
  }

  /** The whole body, for `text()`, `json()` and `arrayBuffer()`. */
  async readAll(): Promise<Buffer> {
    this.lock();
    const parts: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const chunk = await this.read();
      if (chunk.done) break;
      parts.push(chunk.value);
      length += chunk.value.byteLength;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
  }

  private lock(): void {
    if (this.locked) throw new TypeError('Body is unusable: Body has already been read');
    this.locked = true;
  }

  private read(): Promise<Chunk> {
    const chunk = this.chunks.shift();
    if (chunk !== undefined) {
      if (this.chunks.length < QUEUE_LIMIT / 2 && this.source.isPaused()) this.source.resume();
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve(DONE);
    if (this.sourceEnded) {
      this.finish();
      return Promise.resolve(DONE);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.chunks.length = 0;
    this.finish();
    this.settleWaiters();
  }

  private finish(): void {
    this.done = true;
    this.onFinish();
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters.splice(0)) {
      if (this.failure !== null) waiter.reject(this.failure);
      else waiter.resolve(DONE);
    }
  }
}
