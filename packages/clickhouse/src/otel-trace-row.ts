/**
 * One `otel_traces` row from one finished span, with the collector exporter's value conventions
 * (exporter/clickhouseexporter/exporter_traces.go `pushTraceData`): Timestamp is the span start at
 * nanosecond precision, Duration is end − start in nanoseconds, SpanKind and StatusCode are pdata's
 * `String()` names (`Client`, `Server`, `Internal`, `Producer`, `Consumer`; `Unset`, `Ok`, `Error`),
 * ids are lowercase hex or '' when invalid, ServiceName is the `service.name` resource attribute,
 * and every attribute value is a string (see attribute-value-to-string.ts). Reads the span only.
 */
import { SpanKind, SpanStatusCode, type HrTime, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { attributesToStringMap } from './attribute-value-to-string.js';
import type { InsertColumn } from './insert-rows.js';

export interface OtelTraceRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: Record<string, string>;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: Record<string, string>;
  Duration: string;
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': Array<Record<string, string>>;
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': Array<Record<string, string>>;
}

/** `otel_traces` columns in the order `toOtelTraceValues` produces them. */
export const OTEL_TRACE_COLUMNS = [
  'Timestamp',
  'TraceId',
  'SpanId',
  'ParentSpanId',
  'TraceState',
  'SpanName',
  'SpanKind',
  'ServiceName',
  'ResourceAttributes',
  'ScopeName',
  'ScopeVersion',
  'SpanAttributes',
  'Duration',
  'StatusCode',
  'StatusMessage',
  'Events.Timestamp',
  'Events.Name',
  'Events.Attributes',
  'Links.TraceId',
  'Links.SpanId',
  'Links.TraceState',
  'Links.Attributes',
] as const satisfies ReadonlyArray<keyof OtelTraceRow>;

/** OTEL_TRACE_COLUMNS with how each value travels in a Native block. */
export const OTEL_TRACE_INSERT_COLUMNS: readonly InsertColumn[] = OTEL_TRACE_COLUMNS.map(
  (name) => ({
    name,
    nativeType:
      name === 'Timestamp'
        ? 'DateTime64(9)'
        : name === 'Duration'
          ? 'UInt64'
          : name === 'ResourceAttributes' || name === 'SpanAttributes'
            ? 'Map(String, String)'
            : name === 'Events.Timestamp'
              ? 'Array(DateTime64(9))'
              : name === 'Events.Attributes' || name === 'Links.Attributes'
                ? 'Array(Map(String, String))'
                : name.includes('.')
                  ? 'Array(String)'
                  : 'String',
  }),
);

export const SPAN_KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'Internal',
  [SpanKind.SERVER]: 'Server',
  [SpanKind.CLIENT]: 'Client',
  [SpanKind.PRODUCER]: 'Producer',
  [SpanKind.CONSUMER]: 'Consumer',
};

export const STATUS_CODE_NAMES: Record<SpanStatusCode, string> = {
  [SpanStatusCode.UNSET]: 'Unset',
  [SpanStatusCode.OK]: 'Ok',
  [SpanStatusCode.ERROR]: 'Error',
};

const INVALID_ID = /^0*$/;

export function toOtelTraceRow(span: ReadableSpan): OtelTraceRow {
  const values = toOtelTraceValues(span);
  return Object.fromEntries(
    OTEL_TRACE_COLUMNS.map((column, index) => [column, values[index]]),
  ) as unknown as OtelTraceRow;
}

/** The row as values in OTEL_TRACE_COLUMNS order (what the exporter sends). */
export function toOtelTraceValues(span: ReadableSpan): unknown[] {
  const context = span.spanContext();
  const resource = describeResource(span.resource);
  const eventTimes: string[] = [];
  const eventNames: string[] = [];
  const eventAttributes: Array<Record<string, string>> = [];
  for (const event of span.events) {
    eventTimes.push(hrTimeToDateTime64(event.time));
    eventNames.push(event.name);
    eventAttributes.push(attributesToStringMap(event.attributes));
  }
  const linkTraceIds: string[] = [];
  const linkSpanIds: string[] = [];
  const linkTraceStates: string[] = [];
  const linkAttributes: Array<Record<string, string>> = [];
  for (const link of span.links) {
    linkTraceIds.push(hexIdOrEmpty(link.context.traceId));
    linkSpanIds.push(hexIdOrEmpty(link.context.spanId));
    linkTraceStates.push(traceStateOf(link.context));
    linkAttributes.push(attributesToStringMap(link.attributes));
  }
  return [
    hrTimeToDateTime64(span.startTime),
    hexIdOrEmpty(context.traceId),
    hexIdOrEmpty(context.spanId),
    hexIdOrEmpty(span.parentSpanContext?.spanId ?? ''),
    traceStateOf(context),
    span.name,
    SPAN_KIND_NAMES[span.kind] ?? 'Unspecified',
    resource.serviceName,
    resource.attributes,
    span.instrumentationScope.name,
    span.instrumentationScope.version ?? '',
    attributesToStringMap(span.attributes),
    hrTimeToNanoseconds(span.duration),
    STATUS_CODE_NAMES[span.status.code] ?? 'Unset',
    span.status.message ?? '',
    eventTimes,
    eventNames,
    eventAttributes,
    linkTraceIds,
    linkSpanIds,
    linkTraceStates,
    linkAttributes,
  ];
}

// A provider's spans share one Resource object; its attributes are converted once.
const resourceCache = new WeakMap<
  ReadableSpan['resource'],
  { serviceName: string; attributes: Record<string, string> }
>();

export function describeResource(resource: ReadableSpan['resource']): {
  serviceName: string;
  attributes: Record<string, string>;
} {
  // Async resource attributes may still settle; cache only a settled resource.
  const cached = resourceCache.get(resource);
  if (cached !== undefined) return cached;
  const attributes = attributesToStringMap(resource.attributes);
  const described = { serviceName: attributes['service.name'] ?? '', attributes };
  if (resource.asyncAttributesPending !== true) resourceCache.set(resource, described);
  return described;
}

/** `seconds.nanoseconds` since the epoch: a DateTime64(9) text value with no timezone ambiguity. */
export function hrTimeToDateTime64(time: HrTime): string {
  return `${String(time[0])}.${String(time[1]).padStart(9, '0')}`;
}

/** Exact nanoseconds as decimal text (an HrTime can exceed 2^53 ns). */
export function hrTimeToNanoseconds(time: HrTime): string {
  if (time[0] <= 0) return String(Math.max(0, time[1]));
  return `${String(time[0])}${String(time[1]).padStart(9, '0')}`;
}

export function hexIdOrEmpty(id: string): string {
  return INVALID_ID.test(id) ? '' : id;
}

export function traceStateOf(context: SpanContext): string {
  return context.traceState?.serialize() ?? '';
}
