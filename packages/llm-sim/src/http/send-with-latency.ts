import { setTimeout as sleep } from 'node:timers/promises';
import type { Distribution } from '../catalog/catalog.js';
import { sampleLogNormal } from '../random/seeded-random.js';
import { writeHead, type Exchange } from './exchange.js';
import type { Generation } from './prepare-generation.js';

/**
 * An SSE body split into frames. `tokenFrames` lists, in order, the frames that each carry one
 * generated token (or tool-argument piece): they are what latency paces and faults aim at.
 * Frames after the last token frame finish the stream (finish reason, usage, `[DONE]`,
 * `message_stop`, `response.completed`).
 */
export interface EventStream {
  frames: string[];
  tokenFrames: readonly number[];
}

/**
 * Writes a stream with the model's simulated timing and the body-level faults. Headers go at
 * once; no body byte leaves before the time to first token, when everything up to the first
 * token frame is sent; each later token frame waits an inter-token gap. Without delays the
 * stream is written in one piece, with the same bytes. `malformed_chunk` cuts the JSON of the
 * half-way token frame in half; `stream_cut` sends every frame before it (so at least one token
 * frame whenever the answer has one, and never the finishing frames), then drops the connection:
 * the client sees a network error, never a clean end. Both are the same at every latency scale.
 */
export async function sendEventStream(options: {
  exchange: Exchange;
  generation: Generation;
  stream: EventStream;
}): Promise<void> {
  const { exchange, generation } = options;
  const { frames, tokenFrames } = options.stream;
  const { response } = exchange;
  const halfWay = halfWayFrame(options.stream);
  if (generation.fault === 'malformed_chunk') {
    frames[halfWay] = malformedFrame(frames[halfWay] ?? 'data: {}\n\n');
  }
  // A one-token answer is cut after its token, so that the cut stream still carries content.
  const cutAt =
    generation.fault !== 'stream_cut'
      ? frames.length
      : tokenFrames.length === 1
        ? halfWay + 1
        : halfWay;
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
  response.flushHeaders();
  await holdSocket(exchange, async () => {
    const firstToken = timing.ttft();
    if (firstToken > 0) {
      await sleep(firstToken);
      if (response.destroyed) return;
    }
    let pending = '';
    // The first token frame goes out with everything before it, at the time to first token.
    let nextToken = 1;
    for (let index = 0; index < cutAt; index++) {
      if (index === tokenFrames[nextToken]) {
        nextToken++;
        const gap = timing.gap();
        if (gap > 0) {
          if (pending) response.write(pending);
          pending = '';
          await sleep(gap);
          if (response.destroyed) return;
        }
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

/**
 * Where body faults strike: the token frame half-way through the answer (of two or more, never
 * the first). A stream with no token frame (an empty answer) is struck half-way through its
 * frames, never at the first or the last.
 */
function halfWayFrame(stream: EventStream): number {
  const { frames, tokenFrames } = stream;
  const token = tokenFrames[Math.floor(tokenFrames.length / 2)];
  if (token !== undefined) return token;
  return Math.max(1, Math.min(frames.length - 1, Math.floor(frames.length / 2)));
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
