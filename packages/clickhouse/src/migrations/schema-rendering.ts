/**
 * Renders DDL for one server or a cluster from one table definition, so every migration is written
 * once. On a cluster (`cluster` set) each table becomes:
 * - `<name>_local`: the storage, `ON CLUSTER`, with the Replicated variant of its engine
 *   (replication path `/clickhouse/tables/{shard}/{database}/{table}`, replica `{replica}`: the
 *   server macros every replicated setup defines), and
 * - `<name>`: a `Distributed` table over it with a sharding key, which is what readers and writers
 *   use. Sharding keys keep everything that must be deduplicated or aggregated together (one run's
 *   results, one trace's spans) on one shard, because ReplacingMergeTree and the trace-id lookup
 *   only merge within a shard.
 */
import { qualifiedName, quoteIdentifier } from '../identifiers.js';

export interface SchemaContext {
  database: string;
  cluster: string | undefined;
  ttlDays: number | undefined;
  /**
   * The embedded engine (chDB), whose tables are all Sextant's own. Tuning migrations that alter a
   * table the OpenTelemetry Collector or a platform team may own on a server render nothing
   * without it (default false).
   */
  embedded?: boolean;
}

export type MergeTreeEngine = 'MergeTree' | 'ReplacingMergeTree' | 'AggregatingMergeTree';

export interface TableDefinition {
  name: string;
  /** The column and index list, without the surrounding parentheses. */
  columns: string;
  engine: MergeTreeEngine;
  /** Engine parameters, e.g. the version column of a ReplacingMergeTree. */
  engineArguments?: string;
  /** PARTITION BY / PRIMARY KEY / ORDER BY / TTL / SETTINGS clauses. */
  clauses: string;
  /** Distributed sharding expression (cluster only). */
  shardingKey: string;
}

export function onCluster(context: SchemaContext): string {
  return context.cluster === undefined ? '' : ` ON CLUSTER ${quoteIdentifier(context.cluster)}`;
}

/** The table that physically stores `name`: itself on one server, `<name>_local` on a cluster. */
export function storageTable(context: SchemaContext, name: string): string {
  return context.cluster === undefined ? name : `${name}_local`;
}

export function renderCreateDatabase(context: SchemaContext): string {
  return `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(context.database)}${onCluster(context)}`;
}

export function renderCreateTable(context: SchemaContext, table: TableDefinition): string[] {
  const storage = storageTable(context, table.name);
  const engine =
    context.cluster === undefined
      ? `${table.engine}(${table.engineArguments ?? ''})`
      : `Replicated${table.engine}(${[
          `'/clickhouse/tables/{shard}/{database}/{table}'`,
          `'{replica}'`,
          ...(table.engineArguments === undefined ? [] : [table.engineArguments]),
        ].join(', ')})`;
  const create =
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(context.database, storage)}${onCluster(context)} (\n` +
    `${table.columns}\n) ENGINE = ${engine}\n${table.clauses}`;
  if (context.cluster === undefined) return [create];
  const distributed =
    `CREATE TABLE IF NOT EXISTS ${qualifiedName(context.database, table.name)}${onCluster(context)}` +
    ` AS ${qualifiedName(context.database, storage)}\n` +
    `ENGINE = Distributed(${sqlString(context.cluster)}, ${sqlString(context.database)}, ${sqlString(storage)}, ${table.shardingKey})`;
  return [create, distributed];
}

/** A string literal for configuration values that passed identifier validation. */
export function sqlString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export function ttlClause(context: SchemaContext, timeExpression: string): string {
  return context.ttlDays === undefined
    ? ''
    : `TTL ${timeExpression} + toIntervalDay(${String(context.ttlDays)})`;
}
