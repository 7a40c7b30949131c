/**
 * Every query in dashboards/*.json (panels and template variables) runs against the real engine
 * (chDB) on a database made by our migrations, after the substitution Grafana and the
 * grafana-clickhouse-datasource plugin (v4.20.0) perform, in their order:
 * 1. `$__conditionalAll(<phrase>, $var)` becomes `1=1` when the variable is "All", else <phrase>
 *    (the plugin's frontend, CHDatasource.applyConditionalAll).
 * 2. `${var:singlequote}` becomes `'a','b'` (Grafana's template service). Dashboards only use it
 *    inside `$__conditionalAll`, so "All" never expands to a value list; anything else throws here.
 * 3. Backend macros (pkg/macros/macros.go): `$__timeFilter(c)` → `c >= toDateTime(from) AND
 *    c <= toDateTime(to)`, `$__timeInterval(c)` → `toStartOfInterval(toDateTime(c), INTERVAL n
 *    second)`, `$__interval_s` → n, `$__fromTime` / `$__toTime` → `toDateTime(t)`. Any macro or
 *    variable left over fails the test.
 * 4. Table names get the test database, as the data source's `defaultDatabase` does in Grafana.
 * The columns a panel must return are the ones its configuration names (a byName override for each
 * value column, `${__field.labels.x}` for series labels, `time` for time series), so a query and its
 * panel cannot drift apart; a variable query returns one column.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SextantClickHouse } from './open-clickhouse.js';
import { openTestClickHouse } from './test-support/test-clickhouse.js';

const DASHBOARDS_DIR = new URL('../../../dashboards/', import.meta.url);
const TABLES = ['otel_traces', 'sextant_eval_runs', 'sextant_eval_results'];
const BASE = Date.parse('2026-01-15T12:00:00Z');
const HOUR = 3_600_000;
const RANGE = { from: BASE - 2.5 * HOUR, to: BASE + HOUR };
const INTERVAL_SECONDS = 60;

type Selection = Record<string, readonly string[] | 'all'>;
/** `declared`: the columns the panel configures, in any order; null for a variable (one column). */
type DashboardQuery = { name: string; sql: string; declared: string[] | null };

function quote(name: string, selection: Selection): string {
  const values = selection[name];
  if (values === undefined || values === 'all') throw new Error(`\${${name}} outside a macro`);
  return values.map((value) => `'${value.replaceAll("'", "\\'")}'`).join(',');
}

/** Macro arguments may nest parentheses one level deep (`IN (...)`); anything else is left over. */
function renderGrafanaSql(sql: string, selection: Selection, database: string): string {
  const [from = '', to = ''] = [RANGE.from, RANGE.to].map((t) => `toDateTime(${t / 1000})`);
  const interval = String(INTERVAL_SECONDS);
  const rendered = sql
    .replace(
      /\$__conditionalAll\(((?:[^()]|\([^()]*\))*),\s*\$\{?(\w+)\}?\)/g,
      (_m, phrase, name) => (selection[name as string] === 'all' ? '1=1' : (phrase as string)),
    )
    .replace(/\$\{(\w+):singlequote\}/g, (_m, name: string) => quote(name, selection))
    .replace(/\$__timeFilter\((\w+)\)/g, (_m, c: string) => `${c} >= ${from} AND ${c} <= ${to}`)
    .replace(
      /\$__timeInterval\((\w+)\)/g,
      (_m, column: string) =>
        `toStartOfInterval(toDateTime(${column}), INTERVAL ${interval} second)`,
    )
    .replace(/\$__interval_s\b/g, interval)
    .replace(/\$__fromTime\b/g, from)
    .replace(/\$__toTime\b/g, to);
  if (rendered.includes('$')) throw new Error(`Unsubstituted template syntax in:\n${rendered}`);
  const tables = new RegExp(`(?<![.\`\\w])(${TABLES.join('|')})\\b`, 'g');
  return rendered.replace(tables, `\`${database}\`.$1`);
}

type Override = { matcher: { options: string } };
interface Panel {
  type: string;
  title: string;
  targets?: { rawSql: string }[];
  panels?: Panel[];
  fieldConfig?: { defaults?: { displayName?: string }; overrides?: Override[] };
}
function loadDashboards(): { file: string; uid: string; queries: DashboardQuery[] }[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const dashboard = JSON.parse(readFileSync(new URL(file, DASHBOARDS_DIR), 'utf8')) as {
        uid: string;
        panels: Panel[];
        templating: { list: { name: string; query: { rawSql?: string } | string }[] };
      };
      const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      const queries: DashboardQuery[] = panels.flatMap(
        ({ type, title, targets = [], fieldConfig }) => {
          const labels = (fieldConfig?.defaults?.displayName ?? '').matchAll(/labels\.(\w+)/g);
          const declared = [
            ...(type === 'timeseries' ? ['time'] : []),
            ...[...labels].map((label) => label[1] ?? ''),
            ...(fieldConfig?.overrides ?? []).map((override) => override.matcher.options),
          ];
          return targets.map((target) => ({ name: title, sql: target.rawSql, declared }));
        },
      );
      for (const { name, query } of dashboard.templating.list) {
        if (typeof query === 'string' || query.rawSql === undefined) continue;
        queries.push({ name: `$${name}`, sql: query.rawSql, declared: null });
      }
      return { file, uid: dashboard.uid, queries };
    });
}

// Seeded spans, stored as the collector (or ClickHouseSpanExporter) stores them: every attribute
// value is a string. Short keys keep the table readable; `attempts` are the HTTP statuses recorded
// as `sextant.http.attempt` events.
const KEYS: Record<string, string> = {
  op: 'gen_ai.operation.name',
  model: 'gen_ai.request.model',
  in: 'gen_ai.usage.input_tokens',
  out: 'gen_ai.usage.output_tokens',
  cacheRead: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreation: 'gen_ai.usage.cache_creation.input_tokens',
  cacheWrite: 'gen_ai.usage.cache_write.input_tokens',
  ttft: 'gen_ai.response.time_to_first_chunk',
  error: 'error.type',
  http: 'http.response.status_code',
  cost: 'sextant.cost.usd',
  retries: 'sextant.retry.count',
};
/** `op=chat model=gpt-4o-mini` unless `op=` is given; an empty value leaves the attribute out. */
function span(service: string, minutes: number, ms: number, pairs: string, attempts?: string) {
  const defaults = pairs.includes('op=') ? '' : 'op=chat model=gpt-4o-mini ';
  const entries = `${defaults}${pairs}`.split(' ').map((pair) => pair.split('='));
  const attributes = Object.fromEntries(
    entries.filter(([, value]) => value).map(([key = '', value = '']) => [KEYS[key] ?? key, value]),
  );
  return { service, minutes, durationMs: ms, attributes, attempts: attempts?.split(' ') };
}
type SeedSpan = ReturnType<typeof span>;
const SPANS: SeedSpan[] = [
  span('shop', -30, 800, 'in=1000 out=200 cacheRead=400 cost=0.0012 retries=1 ttft=0.2', '429 200'),
  span('shop', -20, 3000, 'error=429 retries=2', '429 429 429'),
  span('shop', -10, 1500, 'op=chat model=claude in=2000 out=500 cacheCreation=300 cost=0.02'),
  // A Python service through the collector: the older cache_write spelling, no sextant.* attributes.
  span('summarizer', 5, 600, 'in=500 out=100 cacheWrite=50'),
  span('summarizer', 15, 200, 'error=RateLimitError'),
  // Not LLM calls, or outside the time range: no panel may count these.
  span('shop', -29, 300, 'op= http=429'),
  span('shop', -28, 5, 'op=execute_tool'),
  span('shop', -180, 900, 'in=7 error=timeout'),
];

/** Columns left out take their defaults (empty strings, maps and arrays). */
function spanRow(seed: SeedSpan, index: number): Record<string, unknown> {
  const start = new Date(BASE + seed.minutes * 60_000).toISOString();
  const attempts = seed.attempts ?? [];
  return {
    Timestamp: start,
    TraceId: (index + 1).toString(16).padStart(32, '0'),
    SpanId: (index + 1).toString(16).padStart(16, '0'),
    ServiceName: seed.service,
    SpanAttributes: seed.attributes,
    Duration: seed.durationMs * 1_000_000,
    StatusCode: failed(seed) ? 'Error' : 'Unset',
    StatusMessage: seed.attributes['error.type'] ?? '',
    'Events.Timestamp': attempts.map(() => start),
    'Events.Name': attempts.map(() => 'sextant.http.attempt'),
    'Events.Attributes': attempts.map((code) => ({ 'http.response.status_code': code })),
  };
}

// What the LLM panels should count, computed from the seeds in plain code rather than by SQL.
const NOT_CALLS = [undefined, '', 'execute_tool', 'invoke_agent', 'create_agent'];
const failed = (seed: SeedSpan) => seed.attributes['error.type'] !== undefined;
const CALLS = SPANS.filter(
  (seed) =>
    !NOT_CALLS.includes(seed.attributes['gen_ai.operation.name']) &&
    BASE + seed.minutes * 60_000 >= RANGE.from,
);
const value = (key: string) => (seed: SeedSpan) => Number(seed.attributes[KEYS[key] ?? key] ?? 0);
const rateLimited = (seed: SeedSpan) =>
  seed.attempts?.filter((code) => code === '429').length ??
  Number(['429', 'RateLimitError'].includes(seed.attributes['error.type'] ?? ''));
const total = (seeds: SeedSpan[], of: (seed: SeedSpan) => number) =>
  seeds.reduce((sum, seed) => sum + of(seed), 0);

// Eval runs [id, branch, minutes from BASE, verdict] and results [run, target, case, passed,
// cost (null: unknown price), error type]. Two results are re-sent by a later batch and run-a1 is
// saved again with its final verdict; both tables must count each key once, newest row winning.
const RUNS = [
  ['run-a1', 'main', -120, 'pass'],
  ['run-a2', 'main', -60, 'regressed'],
  ['run-b1', 'feature-x', -30, 'pass'],
  ['run-old', 'main', -300, 'pass'],
] as const;
type SeedResult = readonly [string, string, string, boolean, number | null, string?];
const RESULTS: SeedResult[] = [
  ['run-a1', 'gpt', 'c1', true, 0.01],
  ['run-a1', 'gpt', 'c2', false, 0.01],
  ['run-a1', 'claude', 'c1', true, 0.02],
  ['run-a1', 'claude', 'c2', true, 0.02],
  ['run-a2', 'gpt', 'c1', false, 0.005, 'rate_limit'],
  ['run-a2', 'gpt', 'c2', true, 0.01],
  ['run-a2', 'claude', 'c1', true, null],
  ['run-a2', 'claude', 'c2', false, 0.02],
  ['run-b1', 'gpt', 'c1', true, 0.01],
  ['run-b1', 'gpt', 'c2', true, 0.01],
  ['run-old', 'gpt', 'c1', true, 0.01],
];
const runStart = (runId: string) => BASE + (RUNS.find(([id]) => id === runId)?.[2] ?? 0) * 60_000;
const isoAt = (epochMs: number) => new Date(epochMs).toISOString();
const runRow = ([runId, branch, , verdict]: (typeof RUNS)[number], version = 1) => ({
  run_id: runId,
  suite: 'support',
  git_branch: branch,
  status: 'completed',
  // The first save of run-a1 said "regressed"; the re-save (version 2) corrected it.
  verdict: runId === 'run-a1' && version === 1 ? 'regressed' : verdict,
  started_at: isoAt(runStart(runId)),
  finished_at: isoAt(runStart(runId) + 300_000),
  version,
});
/** Columns left out take their defaults (0, '', false, NULL). */
const resultRow = ([runId, target, caseId, passed, costUsd, error]: SeedResult, version = 1) => ({
  run_id: runId,
  target_id: target,
  case_id: caseId,
  model: target === 'gpt' ? 'gpt-4o-mini' : 'claude-sonnet-4-5',
  status: error === undefined ? 'ok' : 'error',
  error_type: error ?? null,
  score: passed ? 1 : 0,
  passed,
  latency_ms: 100 + caseId.length * 10,
  cost_usd: costUsd,
  started_at: isoAt(runStart(runId) + 60_000),
  version,
});

/** Pass rate and cost per success (DESIGN.md decision 5) per in-range run × target. */
function expectedPerRunTarget(): Map<string, { passRate: number; costPerSuccess: number | null }> {
  const groups = new Map<string, SeedResult[]>();
  for (const result of RESULTS.filter(([runId]) => runStart(runId) >= RANGE.from)) {
    const key = `${result[0]}/${result[1]}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return new Map(
    [...groups].map(([key, results]) => {
      const passes = results.filter((result) => result[3]).length;
      const priced = results.every((result) => result[4] !== null);
      const spend = results.reduce((sum, result) => sum + (result[4] ?? 0), 0);
      const costPerSuccess = passes > 0 && priced ? spend / passes : null;
      return [key, { passRate: passes / results.length, costPerSuccess }];
    }),
  );
}

const ALL: Selection = { service: 'all', model: 'all', suite: 'all', branch: 'all', target: 'all' };
const SELECTED: Selection = {
  service: ['shop', 'summarizer'],
  model: ['gpt-4o-mini'],
  suite: ['support'],
  branch: ['main'],
  target: ['gpt'],
};
const DASHBOARDS = loadDashboards();
const [TRAFFIC, EVALS] = ['sextant-llm-traffic', 'sextant-evals'];

describe('Grafana dashboards', () => {
  let clickhouse: SextantClickHouse;
  beforeAll(async () => {
    clickhouse = await openTestClickHouse();
    const batches: [string, object[]][] = [
      ['otel_traces', SPANS.map(spanRow)],
      ['sextant_eval_runs', RUNS.map((run) => runRow(run))],
      ['sextant_eval_runs', [runRow(RUNS[0], 2)]], // a later save of the same run
      ['sextant_eval_results', RESULTS.map((result) => resultRow(result))],
      ['sextant_eval_results', [resultRow(RESULTS[1]!, 2), resultRow(RESULTS[4]!, 2)]], // re-sent
    ];
    for (const [table, values] of batches) {
      await clickhouse.client.insert({
        table: `\`${clickhouse.database}\`.${table}`,
        values,
        format: 'JSONEachRow',
        clickhouse_settings: { date_time_input_format: 'best_effort' },
      });
    }
  });
  afterAll(async () => clickhouse.close());

  async function runQuery(uid: string, name: string, selection: Selection) {
    const dashboard = DASHBOARDS.find((entry) => entry.uid === uid);
    const query = dashboard?.queries.find((entry) => entry.name === name);
    if (query === undefined) throw new Error(`No query "${name}" in dashboard ${uid}`);
    const response = await clickhouse.client.query({
      query: renderGrafanaSql(query.sql, selection, clickhouse.database),
      format: 'JSON',
    });
    const body = await response.json<Record<string, string | number | boolean | null>>();
    return { columns: (body.meta ?? []).map((column) => column.name), rows: body.data };
  }

  it('finds the LLM traffic and evals dashboards', () => {
    expect(DASHBOARDS.map(({ uid }) => uid).sort()).toEqual([EVALS, TRAFFIC]);
  });

  describe.each(DASHBOARDS)('$file', ({ uid, queries }) => {
    it.each(queries)('$name runs with "All" and with a selection', async (query) => {
      for (const selection of [ALL, SELECTED]) {
        const { columns, rows } = await runQuery(uid, query.name, selection);
        if (query.declared === null) expect(columns).toHaveLength(1);
        else expect([...columns].sort()).toEqual([...query.declared].sort());
        if (selection === ALL) expect(rows.length).toBeGreaterThan(0);
        if (columns[0] !== 'time') continue;
        const times = rows.map((row) => Date.parse(`${String(row['time'])}Z`));
        expect(times).toEqual([...times].sort((left, right) => left - right));
      }
    });
  });

  it('LLM overview counts in-range LLM calls: errors, tokens, cost, retries, 429s', async () => {
    const [row = {}] = (await runQuery(TRAFFIC, 'Overview', ALL)).rows;
    const counts = 'calls input_tokens output_tokens unpriced_calls retries http_429'.split(' ');
    expect(Object.fromEntries(counts.map((name) => [name, Number(row[name])]))).toEqual({
      calls: CALLS.length,
      input_tokens: total(CALLS, value('in')),
      output_tokens: total(CALLS, value('out')),
      unpriced_calls: CALLS.filter((seed) => !seed.attributes[KEYS['cost']!]).length,
      retries: total(CALLS, value('retries')),
      http_429: total(CALLS, rateLimited),
    });
    expect(Number(row['error_rate'])).toBeCloseTo(CALLS.filter(failed).length / CALLS.length, 12);
    expect(Number(row['cost_usd'])).toBeCloseTo(total(CALLS, value('cost')), 12);
    const seconds = (RANGE.to - RANGE.from) / 1000;
    expect(Number(row['calls_per_second'])).toBeCloseTo(CALLS.length / seconds, 12);
  });

  it('Service × model splits services and models and reads both cache-write spellings', async () => {
    const { rows } = await runQuery(TRAFFIC, 'Service × model', SELECTED);
    const numbers = ['calls', 'cache_creation_tokens', 'http_429'] as const;
    const actual = rows.map((row) => [row['service'], ...numbers.map((name) => Number(row[name]))]);
    const expected = ['shop', 'summarizer'].map((service) => {
      const own = CALLS.filter(
        (seed) => seed.service === service && seed.attributes[KEYS['model']!] === 'gpt-4o-mini',
      );
      const cacheWrites = (seed: SeedSpan) =>
        value('cacheCreation')(seed) || value('cacheWrite')(seed);
      return [service, own.length, total(own, cacheWrites), total(own, rateLimited)];
    });
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('eval pass rate and cost per success count each result once, per run and target', async () => {
    const expected = expectedPerRunTarget();
    const keyOf = (row: Record<string, unknown>) => {
      const started = Date.parse(`${String(row['time'])}Z`);
      const run = RUNS.find(([runId]) => runStart(runId) === started)?.[0] ?? '?';
      return `${run}/${String(row['series']).replace('support · ', '')}`;
    };
    const passRates = await runQuery(EVALS, 'Pass rate by suite · target', ALL);
    expect(new Map(passRates.rows.map((row) => [keyOf(row), row['pass_rate']]))).toEqual(
      new Map([...expected].map(([key, { passRate }]) => [key, passRate])),
    );
    const costs = await runQuery(EVALS, 'Cost per successful task by suite · target', ALL);
    const actual = new Map(costs.rows.map((row) => [keyOf(row), row['cost_per_success_usd']]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, { costPerSuccess }] of expected) {
      if (costPerSuccess === null) expect(actual.get(key), key).toBeNull();
      else expect(actual.get(key), key).toBeCloseTo(costPerSuccess, 12);
    }
  });

  it('evals overview and latest run per branch use the newest row of each run', async () => {
    const inRange = RESULTS.filter(([runId]) => runStart(runId) >= RANGE.from);
    const [overview = {}] = (await runQuery(EVALS, 'Overview', ALL)).rows;
    const counts = ['run_count', 'result_count', 'regressed_runs'].map((name) => overview[name]);
    expect(counts).toEqual(['3', String(inRange.length), '1']);
    const passRateOf = (runId: string) => {
      const own = RESULTS.filter((result) => result[0] === runId);
      return own.filter((result) => result[3]).length / own.length;
    };
    const { rows } = await runQuery(EVALS, 'Latest run per branch', ALL);
    const latest = rows.map((row) =>
      ['branch', 'run_id', 'verdict', 'pass_rate'].map((c) => row[c]),
    );
    expect(latest).toEqual([
      ['feature-x', 'run-b1', 'pass', passRateOf('run-b1')],
      ['main', 'run-a2', 'regressed', passRateOf('run-a2')],
    ]);
  });

  it('renders macros as the plugin does and refuses syntax it does not know', () => {
    const sql =
      'SELECT $__timeInterval(t) FROM otel_traces WHERE $__timeFilter(t) AND ' +
      '$__conditionalAll(s IN (${service:singlequote}), $service) LIMIT $__interval_s';
    const [from, to] = [RANGE.from / 1000, RANGE.to / 1000];
    expect(renderGrafanaSql(sql, { service: ["o'k", 'b'] }, 'db')).toBe(
      'SELECT toStartOfInterval(toDateTime(t), INTERVAL 60 second) FROM `db`.otel_traces WHERE ' +
        `t >= toDateTime(${from}) AND t <= toDateTime(${to}) AND s IN ('o\\'k','b') LIMIT 60`,
    );
    expect(renderGrafanaSql(sql, { service: 'all' }, 'db')).toContain('AND 1=1 LIMIT');
    expect(() => renderGrafanaSql('SELECT $__timeFilter_ms(t)', {}, 'db')).toThrow(/Unsubstituted/);
    expect(() => renderGrafanaSql('SELECT ${service}', {}, 'db')).toThrow(/Unsubstituted/);
  });
});
