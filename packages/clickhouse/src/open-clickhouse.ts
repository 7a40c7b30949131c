/**
 * The one way Sextant reaches ClickHouse. With a URL (option or SEXTANT_CLICKHOUSE_URL) it talks
 * HTTP to a server or ClickHouse Cloud; without one it opens the embedded engine (chDB) in
 * `<cwd>/.sextant/clickhouse`, loaded lazily so services that export to a server never load it.
 *
 * Contract:
 * - Every statement we issue names its tables as `database`.`table`; the client's own default
 *   database is never relied on, so the same SQL runs on both backends.
 * - chDB allows one data directory per process and one process per directory. A second process on
 *   the same directory gets `SextantClickHouseError` with code `embedded-directory-busy`; the data
 *   is never touched by it.
 * - Credentials from the URL are passed to the client and never appear in errors.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
// Type-only: erased from the output, so chDB is loaded only by the dynamic import below.
import type * as ChdbConnectionModule from 'chdb/connection';
import { SextantClickHouseError, redactUrl } from './clickhouse-errors.js';
import { assertClusterName, assertIdentifier } from './identifiers.js';
import { migrate } from './migrate.js';

export interface OpenClickHouseOptions {
  /**
   * `http(s)://user:password@host:port/database`; default `process.env.SEXTANT_CLICKHOUSE_URL`.
   * An empty string selects the embedded engine even when the variable is set.
   */
  url?: string;
  /** Embedded engine directory; default `<cwd>/.sextant/clickhouse`. Ignored with a URL. */
  dataDir?: string;
  /** Default: the URL's path, else `sextant`. */
  database?: string;
  /** Renders migrations `ON CLUSTER` with Replicated engines and Distributed tables. */
  cluster?: string;
  /** Apply pending migrations on open; default true. */
  migrate?: boolean;
  /** Delete spans older than this many days (`otel_traces` TTL, set when the table is created). */
  ttlDays?: number;
}

export interface SextantClickHouse {
  client: ClickHouseClient;
  database: string;
  embedded: boolean;
  cluster: string | undefined;
  /** Table TTL for spans, as given on open. */
  ttlDays?: number | undefined;
  close(): Promise<void>;
}

/** Settings that make both backends answer alike (64-bit integers as JSON strings, no precision loss). */
const CLIENT_SETTINGS = { output_format_json_quote_64bit_integers: 1 } as const;

export async function openClickHouse(
  options: OpenClickHouseOptions = {},
): Promise<SextantClickHouse> {
  const url = nonEmpty(options.url ?? process.env['SEXTANT_CLICKHOUSE_URL']);
  if (
    options.ttlDays !== undefined &&
    !(Number.isInteger(options.ttlDays) && options.ttlDays > 0)
  ) {
    throw new SextantClickHouseError({
      code: 'invalid-option',
      message: `Invalid ttlDays ${String(options.ttlDays)}: give a whole number of days greater than 0, or leave it out to keep spans forever.`,
    });
  }
  const cluster = options.cluster === undefined ? undefined : assertClusterName(options.cluster);
  const opened = url === undefined ? await openEmbedded(options.dataDir) : openServer(url);
  const database = assertIdentifier({
    value: options.database ?? opened.databaseFromUrl ?? 'sextant',
    field: 'database',
  });
  const clickhouse: SextantClickHouse = {
    client: opened.client,
    database,
    embedded: opened.embedded,
    cluster,
    ttlDays: options.ttlDays,
    close: () => opened.client.close(),
  };
  if (options.migrate ?? true) {
    try {
      await migrate(clickhouse);
    } catch (error) {
      await opened.client.close();
      throw error;
    }
  }
  return clickhouse;
}

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

interface OpenedClient {
  client: ClickHouseClient;
  embedded: boolean;
  databaseFromUrl: string | undefined;
}

function openServer(url: string): OpenedClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SextantClickHouseError({
      code: 'invalid-option',
      message: `Invalid ClickHouse URL ${redactUrl(url)}: expected http(s)://user:password@host:8123/database.`,
      cause: error,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SextantClickHouseError({
      code: 'invalid-option',
      message: `Unsupported ClickHouse URL scheme ${parsed.protocol} in ${redactUrl(url)}: use http:// or https:// (port 8123/8443), or leave the URL out for the embedded engine.`,
    });
  }
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const databaseFromUrl = nonEmpty(decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, '')));
  parsed.username = '';
  parsed.password = '';
  parsed.pathname = '/';
  const client = createClient({
    url: parsed,
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
    clickhouse_settings: CLIENT_SETTINGS,
  });
  return { client, embedded: false, databaseFromUrl };
}

async function openEmbedded(dataDir: string | undefined): Promise<OpenedClient> {
  const path = resolve(dataDir ?? resolve(process.cwd(), '.sextant', 'clickhouse'));
  let chdbConnection: typeof ChdbConnectionModule;
  try {
    chdbConnection = await import('chdb/connection');
  } catch (error) {
    throw new SextantClickHouseError({
      code: 'embedded-engine-unavailable',
      message:
        'No ClickHouse URL was given and the embedded engine (npm package "chdb") is not installed. ' +
        'Install it (pnpm add chdb) or set SEXTANT_CLICKHOUSE_URL=http://user:password@host:8123/database.',
      cause: error,
    });
  }
  mkdirSync(path, { recursive: true });
  let connection: ReturnType<typeof chdbConnection.createChdbConnection>;
  try {
    connection = chdbConnection.createChdbConnection({ path });
  } catch (error) {
    throw new SextantClickHouseError({
      code: 'embedded-directory-busy',
      message:
        `Cannot open the embedded ClickHouse data directory ${path}: chDB allows one process per ` +
        'directory and one directory per process, and another one holds it. Stop the other sextant ' +
        'process, pass a different dataDir, or run a ClickHouse server and set SEXTANT_CLICKHOUSE_URL.',
      cause: error,
    });
  }
  // chDB implements the Connection interface from its own copy of @clickhouse/client-common;
  // the shapes are the same, the declarations are not, so TypeScript needs the cast.
  const client = createClient({ connection: connection as unknown as ClientConnection });
  // Settings given to the client would be sent as a `SET …;` prefix on every statement, and chDB
  // then scans whole INSERT bodies for statement boundaries (~50 % slower); a session SET is once.
  for (const [name, value] of Object.entries(CLIENT_SETTINGS)) {
    await client.command({ query: `SET ${name} = ${String(value)}` });
  }
  return { client, embedded: true, databaseFromUrl: undefined };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
