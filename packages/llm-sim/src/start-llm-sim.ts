import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from './catalog/catalog.js';
import { checkCatalog, loadCatalogFile, loadDefaultCatalog } from './catalog/load-catalog.js';
import { resolveCatalog } from './catalog/resolve-catalog.js';
import type { SimRequestLogEntry } from './request-log.js';
import { routeRequest } from './route-request.js';
import type { SimState } from './sim-state.js';

export interface LlmSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** A catalog object, or the path of a YAML catalog; default: the shipped catalog. */
  catalog?: Catalog | string;
  /** Seeds every draw (faults, answers, latency, ids); default 0. */
  seed?: number;
  /** When given, only these keys are accepted; otherwise any non-empty key is. */
  apiKeys?: readonly string[];
  /** Multiplies every simulated delay; 0 turns latency off (default 1). */
  latencyScale?: number;
  /** false ignores the catalog's fault rates; forced faults (header, model suffix) still apply. */
  catalogFaults?: boolean;
  /** Keep the request log (default true); long-running servers may turn it off. */
  requestLog?: boolean;
  /** Clock in epoch milliseconds for timestamps and rate-limit windows; default `Date.now`. */
  now?: () => number;
}

export interface LlmSim {
  /** Origin, e.g. `http://127.0.0.1:43121`; OpenAI clients use `${url}/v1`, Anthropic clients the origin. */
  readonly url: string;
  readonly port: number;
  /** Every HTTP request received, retries included, in arrival order (a live view). */
  readonly requests: readonly SimRequestLogEntry[];
  /** Model names (and aliases) served. */
  readonly models: readonly string[];
  clearRequests(): void;
  /** Stops listening and ends every open connection, hanging ones included. */
  close(): Promise<void>;
}

/**
 * Starts the simulator of the OpenAI and Anthropic HTTP APIs. Its models are simulations
 * (rules and seeded draws), never real language models.
 */
export async function startLlmSim(options: LlmSimOptions = {}): Promise<LlmSim> {
  const catalog = resolveCatalogOption(options.catalog);
  const latencyScale = options.latencyScale ?? 1;
  if (!(latencyScale >= 0))
    throw new RangeError(`latencyScale must be a number >= 0, got ${latencyScale}`);
  const log: SimRequestLogEntry[] | null = options.requestLog === false ? null : [];
  const state: SimState = {
    catalog,
    seed: options.seed ?? 0,
    apiKeys: options.apiKeys ? new Set(options.apiKeys) : null,
    now: options.now ?? Date.now,
    latencyScale,
    catalogFaults: options.catalogFaults ?? true,
    log,
    occurrences: new Map(),
    cachedPrefixes: new Set(),
    rateWindows: new Map(),
    openSockets: new Set(),
    sequence: 0,
    closed: false,
  };
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) =>
    routeRequest(state, request, response),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    get requests() {
      return log ?? [];
    },
    models: [...catalog.byName.keys()],
    clearRequests() {
      if (log) log.length = 0;
    },
    async close() {
      if (state.closed) return;
      state.closed = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of state.openSockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}

function resolveCatalogOption(option: Catalog | string | undefined) {
  if (option === undefined) return resolveCatalog({ catalog: loadDefaultCatalog() });
  const catalog =
    typeof option === 'string' ? loadCatalogFile(option) : checkCatalog({ catalog: option });
  return resolveCatalog(
    catalog.extendsDefault ? { catalog, base: loadDefaultCatalog() } : { catalog },
  );
}
