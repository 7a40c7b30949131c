// An app that knows nothing about Sextant: it registers an OTel SDK, makes OpenAI and Anthropic
// calls (ESM imports, clients made after the --import), and prints the finished spans as JSON.
import Anthropic from '@anthropic-ai/sdk';
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
const url = process.env.SIM_URL;
const openai = new OpenAI({ apiKey: process.env.OPENAI_KEY, baseURL: `${url}/v1` });
const completion = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hello' }],
});
const stream = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hello' }],
  stream: true,
});
let chunks = 0;
for await (const chunk of stream) chunks += chunk.choices.length;
const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_KEY, baseURL: url, openTelemetry: false });
await anthropic.messages.create({
  model: 'claude-3-5-haiku-20241022',
  max_tokens: 20,
  messages: [{ role: 'user', content: 'hello' }],
});
process.stdout.write(
  JSON.stringify({
    completionId: completion.id,
    chunks,
    streamHasController: stream.controller instanceof AbortController,
    spans: exporter
      .getFinishedSpans()
      .map((span) => ({ name: span.name, scope: span.instrumentationScope.name, attributes: span.attributes })),
  }),
);
