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
  const clickhouse = await openClickHouse({ url, migrate: false });
  const ping = await clickhouse.client.ping();
  if (!ping.success) {
    await clickhouse.close();
    const reason = ping.error instanceof Error ? ping.error.message : String(ping.error);
    throw new CliUserError(
      `ClickHouse at ${withoutCredentials(url)} did not answer (${reason}). Start the server, fix ` +
        '--clickhouse or SEXTANT_CLICKHOUSE_URL, or leave both unset to use the embedded engine ' +
        'in .sextant/clickhouse.',
    );
  }
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
