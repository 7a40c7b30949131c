/**
 * What callers can configure, and the resolved settings every wrapper shares. Tracer and meter
 * come from the global OTel API unless given, and are looked up per call so a host that
 * registers its SDK after instrumenting still gets spans and metrics.
 */
import { metrics, trace } from '@opentelemetry/api';
import type { Attributes, Meter, MeterProvider, Tracer, TracerProvider } from '@opentelemetry/api';
import { PriceBook } from './price-book.js';

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number;
  cacheWritePerMillion?: number;
}

/** Keyed by model name, as requested or as the provider responded; USD per million tokens. */
export type PriceOverrides = Record<string, ModelPrice>;

export interface RedactOptions {
  /** Extra patterns whose matches are replaced by `[REDACTED]`; use the `g` flag. */
  patterns?: RegExp[];
  /** Cap on each recorded content attribute, in UTF-8 bytes (default 16 KiB). */
  maxContentBytes?: number;
}

export interface InstrumentOptions {
  /** Default: the global tracer provider from `@opentelemetry/api`. */
  tracerProvider?: TracerProvider;
  /** Default: the global meter provider from `@opentelemetry/api`. */
  meterProvider?: MeterProvider;
  /** Default: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`. */
  captureContent?: boolean;
  redact?: RedactOptions;
  prices?: PriceOverrides;
  /** Extra attributes on every call span. */
  attributes?: Attributes;
  /**
   * Count the bytes of non-streamed response bodies that come without `content-length`
   * (chunked, as the APIs usually send them) for `sextant.response.body_bytes`, by reading them
   * as text and parsing the JSON here instead of in `Response.json()`. Off by default: in the
   * overhead benchmark it costs more than the rest of the wrapper together. Off, such bodies
   * get no byte count; bodies with `content-length` and streamed bodies are always counted.
   */
  countChunkedResponseBytes?: boolean;
}

export const INSTRUMENTATION_NAME = '@sextant/instrumentation';
export const INSTRUMENTATION_VERSION = '0.1.0';
const DEFAULT_MAX_CONTENT_BYTES = 16 * 1024;

export interface InstrumentSettings {
  tracer(): Tracer;
  meter(): Meter;
  /** The meter, or undefined while it is the API's no-op meter (no metric work then). */
  activeMeter(): Meter | undefined;
  captureContent: boolean;
  redactPatterns: readonly RegExp[];
  maxContentBytes: number;
  prices: PriceOverrides | undefined;
  countChunkedResponseBytes: boolean;
  /** Rates resolved per model for these settings' prices. */
  priceBook: PriceBook;
  attributes: Attributes | undefined;
  /** Milliseconds since the epoch, sub-millisecond precision; injectable for tests. */
  now: () => number;
}

export function captureContentFromEnvironment(): boolean {
  const value = process.env['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'];
  return value !== undefined && value.trim().toLowerCase() === 'true';
}

const timeOrigin = performance.timeOrigin;
export const highResolutionNow = (): number => timeOrigin + performance.now();

export function resolveInstrumentSettings(
  options: InstrumentOptions = {},
  now: () => number = highResolutionNow,
): InstrumentSettings {
  const { tracerProvider, meterProvider } = options;
  // A ProxyTracer from the global API follows a provider registered later, so it can be kept.
  const fixedTracer = (tracerProvider ?? trace).getTracer(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  let cachedMeterProvider: MeterProvider | undefined;
  let cachedMeter: Meter | undefined;
  let cachedMeterActive = false;
  const meter = (): Meter => {
    // The global meter API has no proxy: look the provider up each time, cache per provider.
    const provider = meterProvider ?? metrics.getMeterProvider();
    if (provider !== cachedMeterProvider || cachedMeter === undefined) {
      cachedMeterProvider = provider;
      cachedMeter = provider.getMeter(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
      // Without a meter provider the API hands out a no-op meter: skip building measurements.
      cachedMeterActive = cachedMeter.constructor.name !== 'NoopMeter';
    }
    return cachedMeter;
  };
  return {
    tracer: () => fixedTracer,
    meter,
    activeMeter: () => {
      const current = meter();
      return cachedMeterActive ? current : undefined;
    },
    captureContent: options.captureContent ?? captureContentFromEnvironment(),
    redactPatterns: options.redact?.patterns ?? [],
    maxContentBytes: options.redact?.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES,
    prices: options.prices,
    priceBook: new PriceBook(options.prices),
    countChunkedResponseBytes: options.countChunkedResponseBytes === true,
    attributes: options.attributes,
    now,
  };
}
