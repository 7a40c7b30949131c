import { describe, expect, it } from 'vitest';
import { renderMigrations } from '../migrate.js';

function allStatements(cluster: string | undefined, ttlDays?: number): string[] {
  return renderMigrations({ database: 'sextant', cluster, ttlDays }).flatMap(
    (migration) => migration.statements,
  );
}

describe('cluster rendering', () => {
  const statements = allStatements('analytics');

  it('puts ON CLUSTER on every statement', () => {
    for (const statement of statements) expect(statement).toContain('ON CLUSTER `analytics`');
  });

  it('stores each table in a Replicated <name>_local table and serves it through a Distributed <name>', () => {
    const local = statements.find((s) =>
      s.startsWith('CREATE TABLE IF NOT EXISTS `sextant`.`sextant_eval_results_local`'),
    );
    expect(local).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', version)",
    );
    const distributed = statements.find((s) =>
      s.startsWith('CREATE TABLE IF NOT EXISTS `sextant`.`sextant_eval_results` '),
    );
    expect(distributed).toBe(
      'CREATE TABLE IF NOT EXISTS `sextant`.`sextant_eval_results` ON CLUSTER `analytics` AS `sextant`.`sextant_eval_results_local`\n' +
        "ENGINE = Distributed('analytics', 'sextant', 'sextant_eval_results_local', cityHash64(run_id))",
    );
    const traces = statements.find((s) => s.includes('`otel_traces_local` ON CLUSTER'));
    expect(traces).toContain(
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')",
    );
    const lookup = statements.find((s) => s.includes('`otel_traces_trace_id_ts_local` ON CLUSTER'));
    expect(lookup).toContain('ENGINE = ReplicatedAggregatingMergeTree(');
  });

  it('alters no table on a cluster (the part-format tuning is for the embedded engine only)', () => {
    expect(statements.filter((s) => s.startsWith('ALTER TABLE'))).toEqual([]);
  });

  it('points the trace id view from the local span table to the local lookup table', () => {
    const view = statements.find((s) => s.startsWith('CREATE MATERIALIZED VIEW'));
    expect(view).toContain('TO `sextant`.`otel_traces_trace_id_ts_local`');
    expect(view).toContain('FROM `sextant`.`otel_traces_local`');
  });

  it('renders plain engines and no ON CLUSTER without a cluster', () => {
    const single = allStatements(undefined);
    expect(single.join('\n')).not.toContain('ON CLUSTER');
    expect(single.join('\n')).not.toContain('Replicated');
    expect(single.join('\n')).not.toContain('Distributed');
    expect(single.join('\n')).not.toContain('_local');
  });

  it('sets the part format of the result and span tables on the embedded engine only', () => {
    const render = (embedded: boolean) =>
      renderMigrations({ database: 'sextant', cluster: undefined, ttlDays: undefined, embedded })
        .flatMap((migration) => migration.statements)
        .filter((statement) => statement.startsWith('ALTER TABLE'));
    expect(render(true)).toEqual([
      'ALTER TABLE `sextant`.`sextant_eval_results` MODIFY SETTING min_bytes_for_wide_part = 268435456',
      'ALTER TABLE `sextant`.`otel_traces` MODIFY SETTING min_bytes_for_wide_part = 268435456',
    ]);
    expect(render(false)).toEqual([]);
    expect(allStatements(undefined).filter((s) => s.startsWith('ALTER TABLE'))).toEqual([]);
  });

  it('renders the TTL only when ttlDays is given, as the collector does', () => {
    expect(allStatements(undefined).join('\n')).not.toContain('TTL ');
    const withTtl = allStatements(undefined, 7).join('\n');
    expect(withTtl).toContain('TTL toDateTime(Timestamp) + toIntervalDay(7)');
    expect(withTtl).toContain('TTL toDateTime(Start) + toIntervalDay(7)');
  });
});
