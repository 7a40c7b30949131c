/**
 * Reads an object-mode stream a buffer at a time: each batch is everything the stream holds
 * when it is read (a parser pushes every row of a file chunk at once), so a consumer pays one
 * promise turn per chunk instead of one per row, as `for await` over the stream would cost.
 * Errors are thrown after the rows read before them; leaving early destroys the stream.
 */
import type { Readable } from 'node:stream';

export async function* streamBatches<T>(stream: Readable): AsyncGenerator<T[], void, undefined> {
  let failure: unknown = null;
  let hasFailed = false;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const onError = (error: unknown): void => {
    if (!hasFailed) {
      hasFailed = true;
      failure = error;
    }
    notify();
  };
  // `close` without `end`: destroyed by someone else; nothing more will come.
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  stream.on('readable', notify);
  stream.on('error', onError);
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  try {
    for (;;) {
      const batch: T[] = [];
      for (let value = stream.read() as T | null; value !== null; value = stream.read() as T | null)
        batch.push(value);
      if (batch.length > 0) yield batch;
      else if (hasFailed) throw failure;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('readable', notify);
    stream.off('error', onError);
    stream.off('end', onEnd);
    stream.off('close', onEnd);
    if (!stream.readableEnded) stream.destroy();
  }
}
