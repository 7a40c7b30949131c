/**
 * Zero-code instrumentation: patches the `create` methods on the resource prototypes of the
 * `openai` and `@anthropic-ai/sdk` client classes, so every client instance (made before or
 * after) is instrumented; each client's `fetch` is wrapped on its first call. It has the shape
 * of an OpenTelemetry `Instrumentation` (so it can be passed to `registerInstrumentations` or
 * NodeSDK) without depending on `@opentelemetry/instrumentation`: patching happens on
 * prototypes at load time, not through require/import hooks, so it works for ESM and CommonJS
 * alike, as long as the SDK modules are passed in or importable from this package.
 */
import { createRequire } from 'node:module';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { InstrumentOptions, InstrumentSettings } from './instrument-options.js';
import {
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
  resolveInstrumentSettings,
} from './instrument-options.js';
import { clientTargets } from './sdk-targets.js';
import { wrapCreateMethod } from './wrap-create-method.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;
type ClientClass = new (options: Record<string, unknown>) => object;

export interface SextantInstrumentationConfig extends InstrumentOptions {
  enabled?: boolean;
}

function clientClass(moduleExports: unknown): ClientClass | undefined {
  const candidates = [
    (moduleExports as { default?: unknown } | null)?.default,
    (moduleExports as { OpenAI?: unknown } | null)?.OpenAI,
    (moduleExports as { Anthropic?: unknown } | null)?.Anthropic,
    moduleExports,
  ];
  return candidates.find((candidate) => typeof candidate === 'function') as ClientClass | undefined;
}

export class SextantInstrumentation {
  readonly instrumentationName = INSTRUMENTATION_NAME;
  readonly instrumentationVersion = INSTRUMENTATION_VERSION;
  private config: SextantInstrumentationConfig;
  private settings: InstrumentSettings;
  private enabled = false;
  private readonly patched: { holder: Record<string, unknown>; original: Method }[] = [];

  constructor(config: SextantInstrumentationConfig = {}) {
    this.config = config;
    this.settings = resolveInstrumentSettings(config);
  }

  /** Patches the client classes of the given SDK modules (their exports, ESM or CommonJS). */
  patchModules(modules: readonly unknown[]): void {
    for (const moduleExports of modules) {
      try {
        const ClientClass = clientClass(moduleExports);
        if (ClientClass === undefined) continue;
        // A throwaway instance shows where the resource classes are; it makes no request.
        const probe = new ClientClass({ apiKey: 'sextant-probe', baseURL: 'http://127.0.0.1:9' });
        for (const { holder, operation } of clientTargets(probe)) {
          const prototype = Object.getPrototypeOf(holder) as Record<string, unknown>;
          if (this.patched.some((entry) => entry.holder === prototype)) continue;
          const original = prototype['create'] as Method;
          prototype['create'] = wrapCreateMethod({
            original,
            operation,
            settings: () => (this.enabled ? this.settings : undefined),
          });
          this.patched.push({ holder: prototype, original });
        }
      } catch {
        // An SDK shape this version does not know is left alone.
      }
    }
  }

  /** Finds `openai` and `@anthropic-ai/sdk` (ESM and CommonJS builds) and patches them. */
  async patchInstalledSdks(): Promise<void> {
    const require = createRequire(import.meta.url);
    const modules: unknown[] = [];
    for (const name of ['openai', '@anthropic-ai/sdk']) {
      try {
        modules.push(await import(name));
      } catch {
        // not installed
      }
      try {
        modules.push(require(name));
      } catch {
        // not installed, or ESM only
      }
    }
    this.patchModules(modules);
  }

  /** Starts recording; patches the installed SDKs first if no module was patched yet. */
  enable(): void {
    this.enabled = this.config.enabled !== false;
    if (this.patched.length === 0) void this.patchInstalledSdks();
  }

  /** Stops recording and restores the original methods. */
  disable(): void {
    this.enabled = false;
    for (const { holder, original } of this.patched.splice(0)) holder['create'] = original;
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.setConfig({ ...this.config, tracerProvider });
  }

  setMeterProvider(meterProvider: MeterProvider): void {
    this.setConfig({ ...this.config, meterProvider });
  }

  setConfig(config: SextantInstrumentationConfig): void {
    this.config = config;
    this.settings = resolveInstrumentSettings(config);
  }

  getConfig(): SextantInstrumentationConfig {
    return this.config;
  }
}
