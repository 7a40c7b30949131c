import { setTimeout as sleep } from 'node:timers/promises';
import type { Distribution } from '../catalog/catalog.js';
import { sampleLogNormal } from '../random/seeded-random.js';
import { writeHead, type Exchange } from './exchange.js';
import type { Generation } from './prepare-generation.js';

/**
 * Writes a response with the model's simulated timing and the body-level faults. Streams send
 * their headers at once, wait the time to first token before the first token frame and an
 * inter-token gap before each later one; without delays a stream is written in one piece.
 * `malformed_chunk` cuts the JSON of the middle token frame in half; `stream_cut`
 * destroys the socket half-way (the client sees a network error, never a clean end).
 */
export async function sendEventStream(options: {
  exchange: Exchange;
  generation: Generation;
  frames: string[];
  /** Frames [tokenStart, tokenEnd) carry tokens. */
  tokenStart: number;
  tokenEnd: number;
}): Promise<void> {
  const { exchange, generation, frames, tokenStart, tokenEnd } = options;
  const { response } = exchange;
  const middle = Math.floor((tokenStart + tokenEnd) / 2);
  if (generation.fault === 'malformed_chunk') {
    const at = Math.min(middle, frames.length - 1);
    frames[at] = malformedFrame(frames[at] ?? 'data: {}\n\n');
  }
  const cutAt = generation.fault === 'stream_cut' ? Math.max(1, middle) : frames.length;
  writeHead({
    exchange,
    status: 200,
    contentType: 'text/event-stream; charset=utf-8',
    headers: { 'cache-control': 'no-cache' },
  });
  const timing = createTiming({ exchange, generation });
  if (timing === null) {
    if (cutAt >= frames.length) {
      response.end(frames.join(''));
    } else {
      cutAfter(exchange, frames.slice(0, cutAt).join(''));
    }
    return;
  }
  await holdSocket(exchange, async () => {
    let pending = '';
    for (let index = 0; index < cutAt; index++) {
      const delay =
        index === tokenStart
          ? timing.ttft()
          : index > tokenStart && index < tokenEnd
            ? timing.gap()
            : 0;
      if (delay > 0) {
        if (pending) response.write(pending);
        pending = '';
        await sleep(delay);
        if (response.destroyed) return;
      }
      pending += frames[index];
    }
    if (cutAt < frames.length) {
      cutAfter(exchange, pending);
    } else {
      response.end(pending);
    }
  });
}

/** A JSON body after the time the whole generation would take (TTFT + a gap per token). */
export async function sendJsonWithLatency(options: {
  exchange: Exchange;
  generation: Generation;
  body: unknown;
  outputTokens: number;
}): Promise<void> {
  const { exchange, generation, outputTokens } = options;
  let text = JSON.stringify(options.body);
  const timing = createTiming({ exchange, generation });
  if (timing !== null) {
    let total = timing.ttft();
    for (let token = 1; token < outputTokens; token++) total += timing.gap();
    await holdSocket(exchange, () => sleep(total));
    if (exchange.response.destroyed) return;
  }
  if (generation.fault === 'malformed_chunk') text = text.slice(0, Math.floor(text.length / 2));
  writeHead({ exchange, status: 200, contentType: 'application/json' });
  if (generation.fault === 'stream_cut') {
    cutAfter(exchange, text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  exchange.response.end(text);
}

/** The same frame (event name kept, so every SDK parses it) with its JSON cut in half. */
function malformedFrame(frame: string): string {
  const dataStart = frame.indexOf('data: ') + 'data: '.length;
  const dataEnd = frame.length - 2;
  return `${frame.slice(0, dataStart + Math.max(1, Math.floor((dataEnd - dataStart) / 2)))}\n\n`;
}

/** Sends `text`, then drops the connection once it has been flushed (not before: a destroy discards queued bytes). */
function cutAfter(exchange: Exchange, text: string): void {
  exchange.response.write(text, () => exchange.request.socket.destroy());
}

function createTiming(options: {
  exchange: Exchange;
  generation: Generation;
}): { ttft: () => number; gap: () => number } | null {
  const { exchange, generation } = options;
  const scale = exchange.state.latencyScale;
  const { ttftMs, interTokenMs } = generation.model;
  if (scale === 0 || (ttftMs.median === 0 && interTokenMs.median === 0)) return null;
  const random = generation.random('latency');
  const draw = (distribution: Distribution): number =>
    scale * sampleLogNormal({ median: distribution.median, p95: distribution.p95, random });
  return { ttft: () => draw(ttftMs), gap: () => draw(interTokenMs) };
}

/** Registers the socket so `close()` can end it while the response is waiting. */
async function holdSocket(exchange: Exchange, work: () => Promise<unknown>): Promise<void> {
  const socket = exchange.request.socket;
  exchange.state.openSockets.add(socket);
  try {
    await work();
  } finally {
    exchange.state.openSockets.delete(socket);
  }
}

/** One SSE frame; `event` is omitted for OpenAI chat chunks, which carry only `data:`. */
export function sseFrame(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
