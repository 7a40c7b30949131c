import { execFileSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EXIT_CONFIGURATION_ERROR,
  EXIT_INCOMPLETE,
  EXIT_INCONCLUSIVE,
  EXIT_OK,
  EXIT_REGRESSED,
} from './exit-codes.js';
import { renderMigrations } from '@sextant/clickhouse';
import { FIXTURES } from './test-support/paths.js';
import { CONTROL_CHARACTERS, runSextant } from './test-support/run-sextant.js';
import { temporaryDirectory } from './test-support/temporary-directory.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeEach(async () => {
  directory = await temporaryDirectory('basics');
});
afterEach(async () => {
  await directory.remove();
});

/** A user error: exit 2, one `sextant:` message on stderr, no stack frames, nothing on stdout. */
function expectUserError(
  run: { exitCode: number; stdout: string; stderr: string },
  pattern: RegExp,
): void {
  expect(run.exitCode, run.stderr).toBe(EXIT_CONFIGURATION_ERROR);
  expect(run.stderr).toMatch(/^sextant: /);
  expect(run.stderr.match(/^sextant: /gm)).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(CONTROL_CHARACTERS);
}

describe('sextant (spawned binary)', { timeout: 90_000 }, () => {
  it('prints help listing every command and the exit codes', async () => {
    const run = await runSextant({ args: ['--help'], cwd: directory.path });
    expect(run.exitCode).toBe(0);
    for (const command of ['eval', 'report', 'compare', 'runs', 'traces', 'db', 'sim', 'demo']) {
      expect(run.stdout).toMatch(new RegExp(`sextant ${command}\\b`));
    }
    expect(run.stdout).toContain('3 inconclusive');
    expect(run.stdout).not.toMatch(CONTROL_CHARACTERS);
  });

  it('keeps its exit codes in step with the gate of @sextant/eval', () => {
    // Read from the built package, as the binary sees it (vitest cannot load the eval sources'
    // OpenTelemetry dependency through its ESM build).
    const script =
      "import('@sextant/eval').then((m) => process.stdout.write(JSON.stringify(m.EXIT_CODES)))";
    const EXIT_CODES: unknown = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        encoding: 'utf8',
      }),
    );
    expect({
      pass: EXIT_OK,
      regressed: EXIT_REGRESSED,
      configError: EXIT_CONFIGURATION_ERROR,
      inconclusive: EXIT_INCONCLUSIVE,
      incomplete: EXIT_INCOMPLETE,
    }).toEqual(EXIT_CODES);
  });

  it('rejects unknown flags and missing commands with exit code 2 and no handler run', async () => {
    const unknown = await runSextant({ args: ['runs', '--bogus'], cwd: directory.path });
    expectUserError(unknown, /Unknown argument: bogus/);
    expect(unknown.stdout).toBe('');
    expectUserError(await runSextant({ args: [], cwd: directory.path }), /Name a command/);
    expectUserError(
      await runSextant({ args: ['eval'], cwd: directory.path }),
      /Not enough non-option arguments/,
    );
  });

  it('names a missing suite file', async () => {
    expectUserError(
      await runSextant({ args: ['eval', 'nowhere/suite.yaml'], cwd: directory.path }),
      /nowhere\/suite\.yaml does not exist/,
    );
  });

  it('lists every problem of an invalid suite with file and line', async () => {
    const run = await runSextant({
      args: ['eval', join(FIXTURES, 'bad-suite', 'suite.yaml')],
      cwd: directory.path,
    });
    expectUserError(run, /suite is not valid/);
    expect(run.stderr).toMatch(/suite\.yaml:16\b.*repeats/);
  });

  it('says how to use a TypeScript scorer module, which Node cannot import by itself', async () => {
    const suite = join(FIXTURES, 'tiny-triage', 'suite.yaml');
    const text = (await readFile(suite, 'utf8')).replace(
      'scorers:\n',
      'scorers:\n  - { type: javascript, module: ./score.ts }\n',
    );
    await writeFile(join(directory.path, 'suite.yaml'), text);
    await copyFile(
      join(FIXTURES, 'tiny-triage', 'tickets.csv'),
      join(directory.path, 'tickets.csv'),
    );
    await writeFile(join(directory.path, 'score.ts'), 'export default (): number => 1;\n');
    expectUserError(
      await runSextant({
        args: ['eval', 'suite.yaml', '--no-cache'],
        cwd: directory.path,
        environment: { SEXTANT_SIM_BASE_URL: 'http://127.0.0.1:9/v1' },
      }),
      /module \.\/score\.ts is TypeScript, .*compile it to \.js\/\.mjs, or run sextant with a TypeScript loader \(NODE_OPTIONS="--import tsx"\)/,
    );
  });

  it('explains malformed flag values', async () => {
    const suite = join(FIXTURES, 'tiny-triage', 'suite.yaml');
    expectUserError(
      await runSextant({ args: ['eval', suite, '--out', 'pdf=x.pdf'], cwd: directory.path }),
      /--out pdf=x\.pdf: expected FORMAT=PATH/,
    );
    expectUserError(
      await runSextant({ args: ['eval', suite, '--shard', '5/4'], cwd: directory.path }),
      /--shard 5\/4/,
    );
    expectUserError(
      await runSextant({ args: ['eval', suite, '--budget', 'lots'], cwd: directory.path }),
      /--budget lots/,
    );
    expectUserError(
      await runSextant({ args: ['eval', suite, '--pass-rate-margin', '3'], cwd: directory.path }),
      /--pass-rate-margin 3: expected a fraction/,
    );
    expectUserError(
      await runSextant({ args: ['traces', '--since', 'yesterday'], cwd: directory.path }),
      /--since yesterday/,
    );
  });

  it('refuses a target whose base URL variable is unset instead of calling the public endpoint', async () => {
    const run = await runSextant({
      args: ['eval', join(FIXTURES, 'tiny-triage', 'suite.yaml')],
      cwd: directory.path,
      environment: { SEXTANT_SIM_BASE_URL: undefined },
    });
    expectUserError(
      run,
      /suite\.yaml:\d+ targets\[0\]\.baseURLEnv: names the environment variable SEXTANT_SIM_BASE_URL, which is not set/,
    );
  });

  it('says which ClickHouse server did not answer, without its password', async () => {
    const run = await runSextant({
      args: ['runs', '--clickhouse', 'http://user:secret@127.0.0.1:1/sextant'],
      cwd: directory.path,
    });
    expectUserError(run, /ClickHouse at http:\/\/127\.0\.0\.1:1\/sextant did not answer/);
    expect(run.stderr).not.toContain('secret');
  });

  it('says when a run id is unknown', async () => {
    expectUserError(
      await runSextant({ args: ['report', 'no-such-run'], cwd: directory.path }),
      /no run with id no-such-run in the embedded ClickHouse/,
    );
    expectUserError(
      await runSextant({ args: ['compare', 'missing.json', 'no-such-run'], cwd: directory.path }),
      /no run with id no-such-run/,
    );
  });

  it('migrates the embedded database and reports its status', async () => {
    const before = await runSextant({ args: ['runs'], cwd: directory.path });
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toMatch(/No runs in the embedded ClickHouse/);
    const migrate = await runSextant({ args: ['db', 'migrate'], cwd: directory.path });
    expect(migrate.exitCode).toBe(0);
    // Every migration the package ships, counted from its own rendering (none pending after open).
    const shipped = renderMigrations({
      database: 'sextant',
      cluster: undefined,
      ttlDays: undefined,
    }).filter((migration) => migration.version !== '0000');
    expect(shipped.length).toBeGreaterThanOrEqual(5);
    expect(migrate.stdout).toMatch(`0 applied now, ${String(shipped.length)} already applied`);
    const status = await runSextant({ args: ['db', 'status'], cwd: directory.path });
    expect(status.stdout).toMatch(/0001 +│ otel_traces/);
    expect(status.stdout).toMatch(`${String(shipped.length)} applied, 0 pending`);
    const traces = await runSextant({ args: ['traces', '--since', '2h'], cwd: directory.path });
    expect(traces.exitCode).toBe(0);
    expect(traces.stdout).toMatch(/No LLM calls in otel_traces from .* UTC/);
  });
});
