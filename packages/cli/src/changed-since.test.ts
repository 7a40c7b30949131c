/**
 * `--changed-since` on a real temporary git repository: only the suites whose own files changed
 * since the ref run, and the others are named with the reason they were skipped.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './test-support/paths.js';
import { runSextant } from './test-support/run-sextant.js';
import { temporaryDirectory } from './test-support/temporary-directory.js';

let sim: LlmSim;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

beforeAll(async () => {
  sim = await startLlmSim({ port: 0, latencyScale: 0, catalogFaults: false, requestLog: false });
  directory = await temporaryDirectory('changed');
  const repository = directory.path;
  for (const name of ['billing', 'shipping']) {
    await mkdir(join(repository, 'evals'), { recursive: true });
    await cp(join(FIXTURES, 'tiny-triage'), join(repository, 'evals', name), { recursive: true });
    await writeFile(
      join(repository, 'evals', name, 'suite.yaml'),
      (await readFile(join(FIXTURES, 'tiny-triage', 'suite.yaml'), 'utf8')).replace(
        'name: tiny-triage',
        `name: ${name}`,
      ),
    );
  }
  await writeFile(join(repository, '.gitignore'), '.sextant/\n');
  git(repository, 'init', '--quiet', '--initial-branch', 'main');
  git(repository, 'add', '.');
  git(repository, 'commit', '--quiet', '-m', 'suites');
  git(repository, 'checkout', '--quiet', '-b', 'feature');
  await writeFile(
    join(repository, 'evals', 'billing', 'tickets.csv'),
    'z1,Please refund my invoice,billing\n',
    { flag: 'a' },
  );
  git(repository, 'commit', '--quiet', '-am', 'one more billing ticket');
});
afterAll(async () => {
  await sim.close();
  await directory.remove();
});

describe('sextant eval --changed-since', { timeout: 90_000 }, () => {
  const environment = (): Record<string, string> => ({ SEXTANT_SIM_BASE_URL: `${sim.url}/v1` });

  it('runs the suites whose dataset changed and says why it skipped the others', async () => {
    // CI passes every suite's baseline file from main; the skipped suite's is simply not needed.
    const shipping = await runSextant({
      args: ['eval', 'evals/shipping/suite.yaml', '--out', 'json=shipping.json'],
      cwd: directory.path,
      environment: environment(),
    });
    expect(shipping.exitCode, shipping.stderr).toBe(0);
    const run = await runSextant({
      args: [
        'eval',
        'evals/billing/suite.yaml',
        'evals/shipping/suite.yaml',
        '--changed-since',
        'main',
        '--baseline',
        'shipping.json',
      ],
      cwd: directory.path,
      environment: environment(),
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^Running suite billing \(evals\/billing\/suite\.yaml\): changed since main: evals\/billing\/tickets\.csv$/m,
    );
    expect(run.stdout).toMatch(
      /^Skipped suite shipping \(evals\/shipping\/suite\.yaml\): none of its 2 files \(suite, prompts, datasets\) changed since main$/m,
    );
    expect(run.stdout).toMatch(/suite billing · completed\n7 results \(0 errors\)/);
    expect(run.stdout).not.toMatch(/suite shipping ·/);
  });

  it('runs nothing when nothing changed', async () => {
    const run = await runSextant({
      args: [
        'eval',
        'evals/billing/suite.yaml',
        'evals/shipping/suite.yaml',
        '--changed-since',
        'HEAD',
      ],
      cwd: directory.path,
      environment: environment(),
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Skipped suite billing/);
    expect(run.stdout).toMatch(/No suite changed since HEAD; nothing to run\./);
  });

  it('reports an unknown ref as a configuration error', async () => {
    const run = await runSextant({
      args: ['eval', 'evals/billing/suite.yaml', '--changed-since', 'no-such-branch'],
      cwd: directory.path,
      environment: environment(),
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^sextant: --changed-since no-such-branch: git could not list the changed files .*fetch-depth: 0/,
    );
  });
});
