/**
 * Database, table and cluster names are the only parts of our SQL that cannot be bound as query
 * parameters. They come from configuration, never from data, and are validated and quoted here.
 */
import { SextantClickHouseError } from './clickhouse-errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLUSTER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function assertIdentifier(options: { value: string; field: string }): string {
  if (!IDENTIFIER.test(options.value)) {
    throw new SextantClickHouseError({
      code: 'invalid-option',
      message: `Invalid ${options.field} ${JSON.stringify(options.value)}: use letters, digits and underscores, starting with a letter or underscore.`,
    });
  }
  return options.value;
}

export function assertClusterName(value: string): string {
  if (!CLUSTER_NAME.test(value)) {
    throw new SextantClickHouseError({
      code: 'invalid-option',
      message: `Invalid cluster ${JSON.stringify(value)}: use the cluster name exactly as it appears in the server's remote_servers configuration (letters, digits, '_', '-', '.').`,
    });
  }
  return value;
}

/** Backtick-quotes an identifier that already passed validation. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

export function qualifiedName(database: string, table: string): string {
  return `${quoteIdentifier(database)}.${quoteIdentifier(table)}`;
}
