import type { Socket } from 'node:net';
import type { SimCatalog } from './catalog/resolve-catalog.js';
import type { MutableLogEntry } from './request-log.js';

/** Everything one simulator instance shares between requests. */
export interface SimState {
  catalog: SimCatalog;
  seed: number;
  /** null: any non-empty key is accepted. */
  apiKeys: ReadonlySet<string> | null;
  now: () => number;
  /** Multiplies every simulated delay; 0 removes them. */
  latencyScale: number;
  /** false: catalog fault rates are ignored (forced faults still apply). */
  catalogFaults: boolean;
  log: MutableLogEntry[] | null;
  /** Identical requests seen so far, by determinism key: the `attempt` of the next one. */
  occurrences: Map<number, number>;
  /** Prompt prefixes seen so far, for simulated prompt caching. */
  cachedPrefixes: Set<number>;
  /** Requests per model in the current minute, for the rate-limit headers. */
  rateWindows: Map<string, { minute: number; requests: number; tokens: number }>;
  /** Sockets held open by hang faults or latency, destroyed on close. */
  openSockets: Set<Socket>;
  sequence: number;
  closed: boolean;
}
