// Child process of throughput.bench.mjs: serves the built simulator (or, with `baseline`, a
// fixed-answer Node HTTP server) and prints its URL as the first stdout line. Runs until killed.
import { createServer } from 'node:http';
import { startLlmSim } from '@sextant/llm-sim';

const [mode = 'sim', requestLog = 'off'] = process.argv.slice(2);

/** Zero latency, no faults, always 50 output tokens for free-form prompts. */
const benchCatalog = {
  models: [{ name: 'bench-model', accuracy: 0.9, outputTokens: { median: 50, p95: 50 } }],
};

if (mode === 'sim') {
  const sim = await startLlmSim({
    catalog: benchCatalog,
    seed: 1,
    latencyScale: 0,
    requestLog: requestLog === 'on',
  });
  console.log(sim.url);
} else {
  // The ceiling: Node's HTTP stack answering pre-built bodies of the same shape and size.
  const body = JSON.stringify({
    id: 'chatcmpl-baseline',
    object: 'chat.completion',
    created: 1,
    model: 'bench-model',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'x'.repeat(250) }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 30, completion_tokens: 50, total_tokens: 80 },
  });
  let stream = '';
  for (let index = 0; index < 50; index++) {
    stream += `data: {"id":"chatcmpl-baseline","object":"chat.completion.chunk","created":1,"model":"bench-model","choices":[{"index":0,"delta":{"content":" word"},"finish_reason":null}]}\n\n`;
  }
  stream += 'data: [DONE]\n\n';
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const streaming = request.headers['x-bench-stream'] === '1';
      response.writeHead(200, {
        'content-type': streaming ? 'text/event-stream' : 'application/json',
      });
      response.end(streaming ? stream : body);
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
}
