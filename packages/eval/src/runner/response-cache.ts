/**
 * A response cache on disk, one file per request, keyed by a hash of everything that changes
 * the answer as actually sent (provider, model, parameters, what the client sends besides the
 * request: resolved base URL, organization, hashed header values; rendered messages, tools,
 * response format, repeat index). Each entry stores its full request; a lookup whose stored request differs from
 * the one asked (a hash collision, a tampered file) is a miss, so the cache never answers a
 * different request. Writes go to a temporary file renamed into place, so readers never see half
 * an entry, even when several runners share the directory.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenUsage } from '@sextant/spec';
import type { ToolCall } from '../scorers/scorer.js';

export interface CacheRequest {
  provider: string;
  model: string;
  parameters: Record<string, unknown>;
  /**
   * What the provider client sends besides the request (`ProviderClient.requestIdentity`): the
   * resolved base URL, not the name of the variable holding it; header values hashed; never keys.
   */
  client: Readonly<Record<string, unknown>>;
  messages: readonly { role: string; content: string }[];
  tools: readonly unknown[];
  responseFormat: unknown;
  repeat: number;
}

export interface CachedResponse {
  output: string;
  finishReason: string | null;
  toolCalls: ToolCall[];
  usage: TokenUsage | null;
  costUsd: number | null;
  latencyMs: number;
  timeToFirstChunkMs: number | null;
  attempts: number;
  retries: number;
  traceId: string;
  spanId: string;
  /** The run that made the call: a resumed run recovering its own answers is not a cache hit. */
  runId: string;
  startedAt: number;
}

interface CacheEntry {
  version: 2;
  request: string;
  response: CachedResponse;
}

export class ResponseCache {
  private readonly createdDirectories = new Set<string>();

  constructor(private readonly directory: string) {}

  /** Canonical JSON of the request: object keys sorted, so equal requests serialise equally. */
  static serialize(request: CacheRequest): string {
    return canonicalJson(request);
  }

  static key(serialized: string): string {
    return createHash('sha256').update(serialized).digest('hex');
  }

  async get(serialized: string): Promise<CachedResponse | null> {
    const key = ResponseCache.key(serialized);
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return null;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      return entry.version === 2 && entry.request === serialized ? entry.response : null;
    } catch {
      return null;
    }
  }

  async set(serialized: string, response: CachedResponse): Promise<void> {
    const key = ResponseCache.key(serialized);
    const folder = join(this.directory, key.slice(0, 2));
    if (!this.createdDirectories.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.createdDirectories.add(folder);
    }
    const entry: CacheEntry = { version: 2, request: serialized, response };
    const temporary = `${this.pathOf(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, this.pathOf(key));
  }

  private pathOf(key: string): string {
    return join(this.directory, key.slice(0, 2), `${key}.json`);
  }
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
