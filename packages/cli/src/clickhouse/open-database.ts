/**
 * Opens ClickHouse for a command: the server named by `--clickhouse` or SEXTANT_CLICKHOUSE_URL,
 * else the embedded engine in `<cwd>/.sextant/clickhouse`. A server that does not answer is a
 * user error naming the URL (without credentials) and what to do, found with a ping before any
 * migration runs. `@sextant/clickhouse` (and chDB with it) is imported here, lazily.
 */
import { join } from 'node:path';
import type { SextantClickHouse } from '@sextant/clickhouse';
import { CliUserError } from '../user-error.js';

export interface OpenDatabaseOptions {
  /** `--clickhouse`; falls back to SEXTANT_CLICKHOUSE_URL. */
  url: string | undefined;
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<SextantClickHouse> {
  const { openClickHouse, migrate } = await import('@sextant/clickhouse');
  const url = nonEmpty(options.url) ?? nonEmpty(options.environment['SEXTANT_CLICKHOUSE_URL']);
  if (url === undefined) {
    return openClickHouse({
      url: '',
      dataDir: join(options.cwd, '.sextant', 'clickhouse'),
      migrate: options.migrate ?? true,
    });
  }
  // A plain request to /ping rather than the client's ping, which logs a warning with a stack
  // trace to stderr before it returns (and openClickHouse takes no logger setting).
  const reason = await unreachable(url);
  if (reason !== null) {
    throw new CliUserError(
      `ClickHouse at ${withoutCredentials(url)} did not answer (${reason}). Start the server, fix ` +
        '--clickhouse or SEXTANT_CLICKHOUSE_URL, or leave both unset to use the embedded engine ' +
        'in .sextant/clickhouse.',
    );
  }
  const clickhouse = await openClickHouse({ url, migrate: false });
  if (options.migrate ?? true) {
    try {
      await migrate(clickhouse);
    } catch (error) {
      await clickhouse.close();
      throw error;
    }
  }
  return clickhouse;
}

/** Where the data is, for messages: the URL without credentials, or the embedded directory. */
export function describeDatabase(options: {
  url: string | undefined;
  environment: Readonly<Record<string, string | undefined>>;
}): string {
  const url = nonEmpty(options.url) ?? nonEmpty(options.environment['SEXTANT_CLICKHOUSE_URL']);
  return url === undefined
    ? 'the embedded ClickHouse in .sextant/clickhouse'
    : `ClickHouse at ${withoutCredentials(url)}`;
}

/** Null when the server answers `/ping`, else why not. */
async function unreachable(url: string): Promise<string | null> {
  let ping: URL;
  try {
    ping = new URL(url);
  } catch {
    return null; // openClickHouse reports a malformed URL with its own message.
  }
  ping.username = '';
  ping.password = '';
  ping.pathname = '/ping';
  ping.search = '';
  try {
    const response = await fetch(ping, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.ok ? null : `HTTP ${response.status} from /ping`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
