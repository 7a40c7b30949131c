// An in-process `fetch` for the overhead benchmark: canned OpenAI bodies, so only SDK and
// instrumentation work is timed. As the API does, a stream carries the usage chunk (and
// `usage: null` on every other chunk) only when the request asks for `include_usage`, and
// delivers one network chunk per server-sent event (the API flushes each event; a body handed
// over in one piece would make the SDK's SSE reader copy its buffer once per event).
export const CHUNKS = 50;

const MODEL = 'gpt-4o-mini-2024-07-18';

function frame(chunk) {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function chunkOf(index, withUsageField) {
  return {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: MODEL,
    choices: [
      {
        index: 0,
        delta: { content: `tok${index} ` },
        finish_reason: index === CHUNKS - 1 ? 'stop' : null,
      },
    ],
    ...(withUsageField ? { usage: null } : {}),
  };
}

function streamFrames(includeUsage) {
  const usageChunk = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1,
    model: MODEL,
    choices: [],
    usage: { prompt_tokens: 25, completion_tokens: 50, total_tokens: 75 },
  };
  const frames = Array.from({ length: CHUNKS }, (_, index) => frame(chunkOf(index, includeUsage)));
  if (includeUsage) frames.push(frame(usageChunk));
  frames.push('data: [DONE]\n\n');
  const encoder = new globalThis.TextEncoder();
  return frames.map((text) => encoder.encode(text));
}

function streamOf(frames) {
  let index = 0;
  return new globalThis.ReadableStream({
    type: 'bytes',
    pull(controller) {
      // A fresh copy, as a socket read would give: the SDK may keep or transfer the chunk.
      controller.enqueue(frames[index].slice());
      index += 1;
      if (index === frames.length) controller.close();
    },
  });
}

export function cannedFetch() {
  const completion = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1,
    model: MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello there, team!' },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: 25,
      completion_tokens: 6,
      total_tokens: 31,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  });
  const framesWithUsage = streamFrames(true);
  const framesWithoutUsage = streamFrames(false);
  // No content-length, like the chunked bodies the API sends.
  const headers = { 'content-type': 'application/json', 'x-request-id': 'req_bench' };
  const sseHeaders = { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' };
  return async (_url, init) => {
    const body = String(init?.body ?? '');
    if (!body.includes('"stream":true')) {
      return new globalThis.Response(completion, { status: 200, headers });
    }
    return new globalThis.Response(
      streamOf(body.includes('"include_usage":true') ? framesWithUsage : framesWithoutUsage),
      { status: 200, headers: sseHeaders },
    );
  };
}
