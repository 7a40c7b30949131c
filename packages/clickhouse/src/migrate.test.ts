import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrationStatus, renderMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations/migrations.js';
import type { SextantClickHouse } from './open-clickhouse.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

async function listTables(clickhouse: SextantClickHouse): Promise<string[]> {
  const result = await clickhouse.client.query({
    query: 'SELECT name FROM system.tables WHERE database = {database:String} ORDER BY name',
    query_params: { database: clickhouse.database },
    format: 'JSONEachRow',
  });
  return (await result.json<{ name: string }>()).map((row) => row.name);
}

describe('migrate', () => {
  let clickhouse: SextantClickHouse | undefined;
  afterEach(async () => {
    await clickhouse?.close();
    clickhouse = undefined;
  });

  it('applies every migration in order on a fresh database and records it', async () => {
    clickhouse = await openTestClickHouse({ migrate: false });
    const before = await migrationStatus(clickhouse);
    expect(before.every((entry) => entry.appliedAt === null)).toBe(true);

    const outcome = await migrate(clickhouse);
    expect(outcome).toEqual({ applied: MIGRATIONS.map((m) => m.version), alreadyApplied: [] });
    expect(await listTables(clickhouse)).toEqual([
      'otel_traces',
      'otel_traces_trace_id_ts',
      'otel_traces_trace_id_ts_mv',
      'sextant_eval_results',
      'sextant_eval_run_summary',
      'sextant_eval_runs',
      'sextant_gen_ai_traffic_1m',
      'sextant_gen_ai_traffic_1m_mv',
      'sextant_migrations',
    ]);
    const status = await migrationStatus(clickhouse);
    expect(status.map((entry) => [entry.version, entry.name])).toEqual([
      ['0001', 'otel_traces'],
      ['0002', 'eval_tables'],
      ['0003', 'gen_ai_traffic'],
      ['0004', 'eval_results_compact_parts'],
      ['0005', 'otel_traces_compact_parts'],
    ]);
    for (const entry of status) expect(entry.appliedAt).toBeInstanceOf(Date);
  });

  it('changes nothing when run again', async () => {
    clickhouse = await openTestClickHouse({ migrate: true });
    const tables = await listTables(clickhouse);
    const statusBefore = await migrationStatus(clickhouse);
    const again = await migrate(clickhouse);
    expect(again).toEqual({
      applied: [],
      alreadyApplied: ['0001', '0002', '0003', '0004', '0005'],
    });
    expect(await listTables(clickhouse)).toEqual(tables);
    expect(await migrationStatus(clickhouse)).toEqual(statusBefore);
    const records = await clickhouse.client.query({
      query: `SELECT count() AS n FROM \`${clickhouse.database}\`.sextant_migrations`,
      format: 'JSONEachRow',
    });
    expect(await records.json()).toEqual([{ n: '5' }]);
  });

  it('opens a server database whose otel_traces belongs to someone else, and leaves that table alone', async () => {
    // A server's otel_traces may be the collector's, or not a MergeTree at all: migrations run on
    // every open, so they must not ALTER it (0005 is for the embedded engine only). The server path
    // is the same code with `embedded: false`, run here on the engine.
    const reference = await openTestClickHouse({ migrate: true });
    clickhouse = await openTestClickHouse({ migrate: false });
    const server: SextantClickHouse = { ...clickhouse, embedded: false };
    await clickhouse.client.command({ query: `CREATE DATABASE \`${clickhouse.database}\`` });
    await clickhouse.client.command({
      query: `CREATE TABLE \`${clickhouse.database}\`.otel_traces AS \`${reference.database}\`.otel_traces ENGINE = Null`,
    });
    await reference.close();
    const outcome = await migrate(server);
    expect(outcome.applied).toEqual(MIGRATIONS.map((m) => m.version));
    const table = await clickhouse.client.query({
      query: `SELECT engine FROM system.tables WHERE database = {database:String} AND name = 'otel_traces'`,
      query_params: { database: clickhouse.database },
      format: 'JSONEachRow',
    });
    expect(await table.json()).toEqual([{ engine: 'Null' }]);
  });

  it('completes a migration that was interrupted after some statements', async () => {
    clickhouse = await openTestClickHouse({ migrate: false });
    const [, first] = renderMigrations({
      database: clickhouse.database,
      cluster: undefined,
      ttlDays: undefined,
    });
    await clickhouse.client.command({ query: `CREATE DATABASE \`${clickhouse.database}\`` });
    await clickhouse.client.command({ query: first?.statements[0] ?? '' });
    const outcome = await migrate(clickhouse);
    expect(outcome.applied).toEqual(['0001', '0002', '0003', '0004', '0005']);
    expect(await listTables(clickhouse)).toContain('otel_traces_trace_id_ts_mv');
  });
});
