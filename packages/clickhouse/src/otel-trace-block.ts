/**
 * Spans straight into one `otel_traces` Native block, in one pass and without row arrays: each
 * column stream (offsets, keys, values…) has its own growing buffer, and a span's values are
 * appended to them as they are read. The block is byte for byte what
 * `encodeNativeBlock(OTEL_TRACE_INSERT_COLUMNS, spans.map(toOtelTraceValues))` gives (a test
 * checks it), so the values follow the collector's conventions described in otel-trace-row.ts.
 * Reads the spans only.
 */
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AttributeMapStreams } from './attribute-map-streams.js';
import { ByteWriter } from './byte-writer.js';
import { epochTextToNanoseconds, nativeBlockParts, type NativeColumn } from './native-block.js';
import {
  OTEL_TRACE_INSERT_COLUMNS,
  SPAN_KIND_NAMES,
  STATUS_CODE_NAMES,
  describeResource,
  hexIdOrEmpty,
  hrTimeToDateTime64,
  hrTimeToNanoseconds,
  traceStateOf,
} from './otel-trace-row.js';

/** The wire columns of the block, named by position (the INSERT maps them in order). */
export const OTEL_TRACE_NATIVE_COLUMNS: readonly NativeColumn[] = OTEL_TRACE_INSERT_COLUMNS.map(
  (column, index) => ({ name: `c${String(index)}`, type: column.nativeType }),
);

interface EncodedResource {
  serviceName: string;
  entries: number;
  keys: Buffer;
  values: Buffer;
}

// A provider's spans share one Resource; its map is encoded once per settled description.
const encodedResources = new WeakMap<object, EncodedResource>();

function encodeResource(resource: ReadableSpan['resource']): EncodedResource {
  const described = describeResource(resource);
  const cached = encodedResources.get(described);
  if (cached !== undefined) return cached;
  const map = new AttributeMapStreams(1, 256);
  map.add(described.attributes);
  const encoded = {
    serviceName: described.serviceName,
    entries: map.entries,
    keys: Buffer.from(map.keys.result()),
    values: Buffer.from(map.values.result()),
  };
  encodedResources.set(described, encoded);
  return encoded;
}

/** The String columns, each with its own buffer. */
interface TextColumns {
  traceId: ByteWriter;
  spanId: ByteWriter;
  parentSpanId: ByteWriter;
  traceState: ByteWriter;
  spanName: ByteWriter;
  spanKind: ByteWriter;
  serviceName: ByteWriter;
  scopeName: ByteWriter;
  scopeVersion: ByteWriter;
  statusCode: ByteWriter;
  statusMessage: ByteWriter;
  linkTraceIds: ByteWriter;
  linkSpanIds: ByteWriter;
  linkTraceStates: ByteWriter;
}

export class OtelTraceBlockEncoder {
  #rows = 0;
  #events = 0;
  #links = 0;
  readonly #text: TextColumns;
  readonly #timestamp: ByteWriter;
  readonly #duration: ByteWriter;
  readonly #resource: AttributeMapStreams;
  readonly #attributes: AttributeMapStreams;
  readonly #eventOffsets: ByteWriter;
  readonly #eventTimes: ByteWriter;
  readonly #eventNames: ByteWriter;
  readonly #eventAttributes: AttributeMapStreams;
  readonly #linkOffsets: ByteWriter;
  readonly #linkAttributes: AttributeMapStreams;

  /** `expectedRows` only sizes the first buffers; any number of spans can be added. */
  constructor(expectedRows: number) {
    const rows = Math.max(16, expectedRows);
    const text = (bytesPerRow: number): ByteWriter => new ByteWriter(rows * bytesPerRow);
    this.#text = {
      traceId: text(33),
      spanId: text(17),
      parentSpanId: text(17),
      traceState: text(1),
      spanName: text(24),
      spanKind: text(7),
      serviceName: text(16),
      scopeName: text(16),
      scopeVersion: text(8),
      statusCode: text(6),
      statusMessage: text(1),
      linkTraceIds: new ByteWriter(64),
      linkSpanIds: new ByteWriter(64),
      linkTraceStates: new ByteWriter(64),
    };
    this.#timestamp = new ByteWriter(rows * 8);
    this.#duration = new ByteWriter(rows * 8);
    this.#resource = new AttributeMapStreams(rows, 64);
    this.#attributes = new AttributeMapStreams(rows, 256);
    this.#eventOffsets = new ByteWriter(rows * 8);
    this.#eventTimes = new ByteWriter(rows * 8);
    this.#eventNames = text(24);
    this.#eventAttributes = new AttributeMapStreams(rows, 32);
    this.#linkOffsets = new ByteWriter(rows * 8);
    this.#linkAttributes = new AttributeMapStreams(1, 64);
  }

  get rows(): number {
    return this.#rows;
  }

  add(span: ReadableSpan): void {
    const text = this.#text;
    const context = span.spanContext();
    const resource = encodeResource(span.resource);
    writeEpochNanoseconds(this.#timestamp, span.startTime);
    text.traceId.string(hexId(context.traceId));
    text.spanId.string(hexId(context.spanId));
    text.parentSpanId.string(hexId(span.parentSpanContext?.spanId ?? ''));
    text.traceState.string(traceStateOf(context));
    text.spanName.string(span.name);
    text.spanKind.string(SPAN_KIND_NAMES[span.kind] ?? 'Unspecified');
    text.serviceName.string(resource.serviceName);
    this.#resource.keys.bytes(resource.keys);
    this.#resource.values.bytes(resource.values);
    this.#resource.entries += resource.entries;
    this.#resource.offsets.uint64(this.#resource.entries);
    text.scopeName.string(span.instrumentationScope.name);
    text.scopeVersion.string(span.instrumentationScope.version ?? '');
    this.#attributes.add(span.attributes);
    writeDuration(this.#duration, span.duration);
    text.statusCode.string(STATUS_CODE_NAMES[span.status.code] ?? 'Unset');
    text.statusMessage.string(span.status.message ?? '');
    for (const event of span.events) {
      writeEpochNanoseconds(this.#eventTimes, event.time);
      this.#eventNames.string(event.name);
      this.#eventAttributes.add(event.attributes);
    }
    this.#events += span.events.length;
    this.#eventOffsets.uint64(this.#events);
    for (const link of span.links) {
      text.linkTraceIds.string(hexId(link.context.traceId));
      text.linkSpanIds.string(hexId(link.context.spanId));
      text.linkTraceStates.string(traceStateOf(link.context));
      this.#linkAttributes.add(link.attributes);
    }
    this.#links += span.links.length;
    this.#linkOffsets.uint64(this.#links);
    this.#rows += 1;
  }

  /** Empties the encoder for the next batch; the buffers keep their size. */
  reset(): void {
    for (const writer of Object.values(this.#text)) writer.reset();
    for (const writer of [
      this.#timestamp,
      this.#duration,
      this.#eventOffsets,
      this.#eventTimes,
      this.#eventNames,
      this.#linkOffsets,
    ]) {
      writer.reset();
    }
    for (const map of [
      this.#resource,
      this.#attributes,
      this.#eventAttributes,
      this.#linkAttributes,
    ]) {
      map.reset();
    }
    this.#rows = 0;
    this.#events = 0;
    this.#links = 0;
  }

  /**
   * The block for every span added so far, as parts to write in order. They are views of the
   * encoder's buffers: valid until the next `add` or `reset`.
   */
  finish(): Buffer[] {
    const text = this.#text;
    const events = this.#eventOffsets.result();
    const links = this.#linkOffsets.result();
    return nativeBlockParts(OTEL_TRACE_NATIVE_COLUMNS, this.#rows, [
      [this.#timestamp.result()],
      [text.traceId.result()],
      [text.spanId.result()],
      [text.parentSpanId.result()],
      [text.traceState.result()],
      [text.spanName.result()],
      [text.spanKind.result()],
      [text.serviceName.result()],
      this.#resource.streams(),
      [text.scopeName.result()],
      [text.scopeVersion.result()],
      this.#attributes.streams(),
      [this.#duration.result()],
      [text.statusCode.result()],
      [text.statusMessage.result()],
      [events, this.#eventTimes.result()],
      [events, this.#eventNames.result()],
      [events, ...this.#eventAttributes.streams()],
      [links, text.linkTraceIds.result()],
      [links, text.linkSpanIds.result()],
      [links, text.linkTraceStates.result()],
      [links, ...this.#linkAttributes.streams()],
    ]);
  }
}

export function encodeOtelTraceBlock(spans: readonly ReadableSpan[]): Buffer {
  const encoder = new OtelTraceBlockEncoder(spans.length);
  for (const span of spans) encoder.add(span);
  return Buffer.concat(encoder.finish());
}

/** Valid ids almost never start with '0'; only those that do need the all-zero check. */
function hexId(id: string): string {
  return id.length > 0 && id.charCodeAt(0) !== 0x30 ? id : hexIdOrEmpty(id);
}

/** Span start / event time as DateTime64(9): whole nanoseconds since the epoch, exactly. */
function writeEpochNanoseconds(writer: ByteWriter, time: HrTime): void {
  const [seconds, nanoseconds] = time;
  if (isUInt32(seconds) && isNanosecondPart(nanoseconds)) {
    writeNanoseconds(writer, seconds, nanoseconds);
  } else {
    // Out-of-range or fractional parts: the text path's exact result, or its error.
    writer.uint64(epochTextToNanoseconds(hrTimeToDateTime64(time)));
  }
}

/** Duration in nanoseconds as hrTimeToNanoseconds gives it (negative parts clamp to 0). */
function writeDuration(writer: ByteWriter, time: HrTime): void {
  const [seconds, nanoseconds] = time;
  if (seconds === 0 && Number.isSafeInteger(nanoseconds)) {
    writer.uint64(Math.max(0, nanoseconds));
  } else if (seconds > 0 && isUInt32(seconds) && isNanosecondPart(nanoseconds)) {
    writeNanoseconds(writer, seconds, nanoseconds);
  } else {
    writer.uint64(hrTimeToNanoseconds(time));
  }
}

/**
 * seconds × 10^9 + nanoseconds as two exact 32-bit halves: the product exceeds 2^53, so the
 * seconds are split into 16-bit halves whose products stay exact in doubles.
 */
function writeNanoseconds(writer: ByteWriter, seconds: number, nanoseconds: number): void {
  const low16 = seconds % 0x1_0000;
  const lowPart = low16 * 1e9 + nanoseconds; // < 2^47
  const highPart = (seconds - low16) / 0x1_0000; // < 2^16
  const shifted = highPart * 1e9; // total = shifted × 2^16 + lowPart
  const shiftedLow = shifted % 0x1_0000;
  const sum = shiftedLow * 0x1_0000 + lowPart; // < 2^48
  const carry = Math.floor(sum / 0x1_0000_0000);
  writer.uint64Halves((shifted - shiftedLow) / 0x1_0000 + carry, sum - carry * 0x1_0000_0000);
}

function isUInt32(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 0x1_0000_0000;
}

function isNanosecondPart(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 1e9;
}
