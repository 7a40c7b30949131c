import { SpanKind, SpanStatusCode, TraceFlags, type Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { encodeNativeBlock } from './native-block.js';
import { OTEL_TRACE_NATIVE_COLUMNS, encodeOtelTraceBlock } from './otel-trace-block.js';
import { toOtelTraceValues } from './otel-trace-row.js';

const HOSTILE = `it's "quoted" \\ back\\slash'); DROP TABLE otel_traces; -- 漢字 🚀 ü \u2028`;

function recordSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': HOSTILE }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('block-test', '0.0.1');
  const bare = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const parent = tracer.startSpan('parent', {
    kind: SpanKind.SERVER,
    startTime: [4_294_967_295, 999_999_999],
    attributes: {
      '1': 'index-like',
      'long.text': `${'é漢🚀'.repeat(60)}${HOSTILE}`,
      'ascii.127': 'x'.repeat(127),
      'ascii.128': 'y'.repeat(128),
      'numbers.odd': [Number.NaN, 1e21, -0, 0.1],
      infinite: Number.POSITIVE_INFINITY,
      flag: false,
      list: ['a', 'b'],
      'int.max': Number.MAX_SAFE_INTEGER,
      'int.min': Number.MIN_SAFE_INTEGER,
      'int.near-max': Number.MAX_SAFE_INTEGER - 40,
      'int.power': 1e15,
    },
    links: [
      {
        context: {
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: 'b7ad6b7169203331',
          traceFlags: TraceFlags.SAMPLED,
          traceState: new TraceState('vendor=value,other=1'),
        },
        attributes: { reason: HOSTILE },
      },
      {
        context: {
          traceId: '00000000000000000000000000000000',
          spanId: '0000000000000000',
          traceFlags: TraceFlags.NONE,
        },
      },
    ],
  });
  parent.addEvent('first', { code: 429, note: HOSTILE }, [1_750_000_000, 1]);
  parent.addEvent('second', undefined, [0, 0]);
  parent.setStatus({ code: SpanStatusCode.ERROR, message: HOSTILE });
  parent.end([4_294_967_296, 5]);
  const child = tracer.startSpan('child', { startTime: [1_750_000_000, 0] });
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1_750_000_000, 0]);
  for (let index = 0; index < 300; index += 1) {
    const span = bare.getTracer('').startSpan(`span ${String(index)}`, {
      kind: SpanKind.CLIENT,
      startTime: [1_750_000_000 + index, index * 3_333_333],
      attributes: { index, ratio: index / 7, name: `n-${String(index)}` },
    });
    span.end([1_750_000_001 + index, 0]);
  }
  return memory.getFinishedSpans();
}

describe('encodeOtelTraceBlock', () => {
  it('gives the same bytes as encoding toOtelTraceValues rows', () => {
    const spans = recordSpans();
    expect(spans.length).toBe(302);
    const expected = encodeNativeBlock(OTEL_TRACE_NATIVE_COLUMNS, spans.map(toOtelTraceValues));
    const block = encodeOtelTraceBlock(spans);
    expect(block.length).toBe(expected.length);
    expect(block.equals(expected)).toBe(true);
  });

  it('keeps those bytes when attribute maps change shape, arrays need escaping and prototypes carry keys', () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    const tracer = provider.getTracer('shapes');
    const arrays: unknown[] = [
      ['stop'],
      ['length', 'tool_calls'],
      [],
      ['say "hi"'],
      ['back\\slash'],
      ['tab\there'],
      ['é', '漢字'],
      ['\u2028'],
      ['a', 1, true],
      Array.from({ length: 17 }, (_, index) => `r${String(index)}`),
      ['x'.repeat(65)],
      [null, 'after-null'],
    ];
    for (const [index, array] of arrays.entries()) {
      // Same keys in a different order every other span, and one key more or less.
      const attributes: Record<string, unknown> =
        index % 2 === 0
          ? { 'gen_ai.response.finish_reasons': array, model: 'm', tokens: index }
          : { tokens: index, 'gen_ai.response.finish_reasons': array };
      if (index % 3 === 0) attributes[`extra.${String(index)}`] = index / 3;
      const span = tracer.startSpan(`span ${String(index)}`, {
        attributes: attributes as Attributes,
        links: [
          {
            context: {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              traceFlags: TraceFlags.SAMPLED,
            },
            // An inherited enumerable key: Object.keys leaves it out, so must the encoder.
            attributes: Object.assign(Object.create({ inherited: 'no' }) as Attributes, {
              own: 'yes',
            }),
          },
        ],
      });
      span.end();
    }
    const spans = memory.getFinishedSpans();
    const prototype = Object.prototype as Record<string, unknown>;
    prototype['polluted'] = 'no';
    let block: Buffer;
    let expected: Buffer;
    try {
      block = encodeOtelTraceBlock(spans);
      expected = encodeNativeBlock(OTEL_TRACE_NATIVE_COLUMNS, spans.map(toOtelTraceValues));
    } finally {
      delete prototype['polluted'];
    }
    expect(block.equals(expected)).toBe(true);
    // Without the polluted prototype, the arrays and shapes alone (the for…in path).
    expect(
      encodeOtelTraceBlock(spans).equals(
        encodeNativeBlock(OTEL_TRACE_NATIVE_COLUMNS, spans.map(toOtelTraceValues)),
      ),
    ).toBe(true);
    expect(block.includes(Buffer.from('["say \\"hi\\""]'))).toBe(true);
  });
});
