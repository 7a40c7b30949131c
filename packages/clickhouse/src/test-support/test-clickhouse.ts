/**
 * Test helper (not built): chDB binds one data directory per process, so every test in a process
 * shares one temp directory (named after the pid, so a reused worker process finds it again) and
 * each test gets its own database with a random name, dropped when the test closes it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openClickHouse, type SextantClickHouse } from '../open-clickhouse.js';

export const testDataDir = join(tmpdir(), `sextant-clickhouse-test-${String(process.pid)}`);

process.once('exit', () => rmSync(testDataDir, { recursive: true, force: true }));

export function randomDatabaseName(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

export async function openTestClickHouse(
  options: { migrate?: boolean; ttlDays?: number } = {},
): Promise<SextantClickHouse> {
  const clickhouse = await openClickHouse({
    url: '',
    dataDir: testDataDir,
    database: randomDatabaseName(),
    migrate: options.migrate ?? true,
    ...(options.ttlDays === undefined ? {} : { ttlDays: options.ttlDays }),
  });
  const close = clickhouse.close;
  return {
    ...clickhouse,
    close: async () => {
      await clickhouse.client.command({
        query: `DROP DATABASE IF EXISTS \`${clickhouse.database}\` SYNC`,
      });
      await close();
    },
  };
}
