/**
 * Applies the versioned migrations in order and records each in `sextant_migrations`. Running it
 * again changes nothing: applied versions are skipped and every statement is `IF NOT EXISTS`, so
 * two processes migrating at once, or a run interrupted half-way, end in the same schema.
 */
import { SextantClickHouseError } from './clickhouse-errors.js';
import { qualifiedName } from './identifiers.js';
import { MIGRATIONS } from './migrations/migrations.js';
import {
  renderCreateDatabase,
  renderCreateTable,
  type SchemaContext,
} from './migrations/schema-rendering.js';
import type { SextantClickHouse } from './open-clickhouse.js';

export const MIGRATIONS_TABLE = 'sextant_migrations';

export interface RenderedMigration {
  version: string;
  name: string;
  statements: string[];
}

/** The exact SQL `migrate` would run for this context, bookkeeping first; for review and tests. */
export function renderMigrations(context: SchemaContext): RenderedMigration[] {
  return [
    {
      version: '0000',
      name: 'bookkeeping',
      statements: [renderCreateDatabase(context), ...renderMigrationsTable(context)],
    },
    ...MIGRATIONS.map((migration) => ({
      version: migration.version,
      name: migration.name,
      statements: migration.statements(context),
    })),
  ];
}

export async function migrate(
  clickhouse: SextantClickHouse,
): Promise<{ applied: string[]; alreadyApplied: string[] }> {
  const context = schemaContext(clickhouse);
  const [bookkeeping, ...migrations] = renderMigrations(context);
  for (const statement of bookkeeping?.statements ?? []) {
    await runStatement(clickhouse, { version: '0000', name: 'bookkeeping', statement });
  }
  const done = new Set((await readApplied(clickhouse)).keys());
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) {
      alreadyApplied.push(migration.version);
      continue;
    }
    for (const statement of migration.statements) {
      await runStatement(clickhouse, {
        version: migration.version,
        name: migration.name,
        statement,
      });
    }
    await clickhouse.client.command({
      query: `INSERT INTO ${qualifiedName(clickhouse.database, MIGRATIONS_TABLE)} (version, name, applied_at)
        SELECT {version:String}, {name:String}, now64(3)`,
      query_params: { version: migration.version, name: migration.name },
    });
    applied.push(migration.version);
  }
  return { applied, alreadyApplied };
}

export async function migrationStatus(
  clickhouse: SextantClickHouse,
): Promise<Array<{ version: string; name: string; appliedAt: Date | null }>> {
  const exists = await clickhouse.client.query({
    query:
      'SELECT count() AS found FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    query_params: { database: clickhouse.database, table: MIGRATIONS_TABLE },
    format: 'JSONEachRow',
  });
  const [row] = await exists.json<{ found: string | number }>();
  const applied = Number(row?.found ?? 0) > 0 ? await readApplied(clickhouse) : new Map();
  return MIGRATIONS.map((migration) => ({
    version: migration.version,
    name: migration.name,
    appliedAt: applied.get(migration.version) ?? null,
  }));
}

function schemaContext(clickhouse: SextantClickHouse): SchemaContext {
  return {
    database: clickhouse.database,
    cluster: clickhouse.cluster,
    ttlDays: clickhouse.ttlDays,
    embedded: clickhouse.embedded,
  };
}

function renderMigrationsTable(context: SchemaContext): string[] {
  return renderCreateTable(context, {
    name: MIGRATIONS_TABLE,
    columns: `    version String,\n    name String,\n    applied_at DateTime64(3, 'UTC')`,
    engine: 'ReplacingMergeTree',
    clauses: 'ORDER BY version',
    shardingKey: 'cityHash64(version)',
  });
}

async function readApplied(clickhouse: SextantClickHouse): Promise<Map<string, Date>> {
  const result = await clickhouse.client.query({
    query: `SELECT version, toUnixTimestamp64Milli(min(applied_at)) AS applied_at_ms
      FROM ${qualifiedName(clickhouse.database, MIGRATIONS_TABLE)} GROUP BY version`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ version: string; applied_at_ms: string | number }>();
  return new Map(rows.map((row) => [row.version, new Date(Number(row.applied_at_ms))]));
}

async function runStatement(
  clickhouse: SextantClickHouse,
  options: { version: string; name: string; statement: string },
): Promise<void> {
  try {
    await clickhouse.client.command({ query: options.statement });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SextantClickHouseError({
      code: 'migration-failed',
      message:
        `Migration ${options.version} (${options.name}) failed on database ${clickhouse.database}: ${reason}\n` +
        `Statement: ${options.statement.slice(0, 200)}${options.statement.length > 200 ? '…' : ''}\n` +
        'Fix the cause and run the migrations again; applied steps are skipped.',
      cause: error,
    });
  }
}
