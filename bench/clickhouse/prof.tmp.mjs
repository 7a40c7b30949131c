import { SpanKind } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { toOtelTraceRow } from '@sextant/clickhouse';
const spans = [];
const provider = new BasicTracerProvider({
  spanProcessors: [
    {
      onStart() {},
      onEnd: (s) => spans.push(s),
      forceFlush: async () => {},
      shutdown: async () => {},
    },
  ],
});
const tracer = provider.getTracer('bench');
for (let i = 0; i < 50000; i++) {
  const s = tracer.startSpan('chat', {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': i,
      x: 1.5,
      f: ['stop'],
      a1: 'v',
      a2: 'v',
      a3: 'v',
      a4: 2,
      a5: 'v',
      a6: true,
      a7: 'v',
    },
  });
  s.addEvent('e', { 'http.response.status_code': 200 });
  s.end();
}
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  for (const s of spans) toOtelTraceRow(s);
  const a = performance.now() - t;
  t = performance.now();
  for (const s of spans) s.attributes;
  const b = performance.now() - t;
  t = performance.now();
  for (const s of spans) s.resource.attributes;
  const c = performance.now() - t;
  t = performance.now();
  for (const s of spans) s.spanContext();
  const d = performance.now() - t;
  t = performance.now();
  for (const s of spans) s.duration;
  const e = performance.now() - t;
  t = performance.now();
  for (const s of spans) s.events;
  const f = performance.now() - t;
  console.log({
    toRow: a.toFixed(0),
    attributes: b.toFixed(1),
    resource: c.toFixed(1),
    ctx: d.toFixed(1),
    duration: e.toFixed(1),
    events: f.toFixed(1),
  });
}
