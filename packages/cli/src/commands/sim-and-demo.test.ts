import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_CHARACTERS, runSextant, SEXTANT_BIN } from '../test-support/run-sextant.js';
import { temporaryDirectory } from '../test-support/temporary-directory.js';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeEach(async () => {
  directory = await temporaryDirectory('sim');
});
afterEach(async () => {
  await directory.remove();
});

describe('sextant sim', { timeout: 60_000 }, () => {
  it('serves the simulator, prints its URL first, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [SEXTANT_BIN, 'sim', '--port', '0', '--latency-scale', '0'],
      {
        cwd: directory.path,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`sextant sim exited with ${code}`)));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const line = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (line?.[1] !== undefined) resolve(line[1]);
      });
    });
    const models = (await (
      await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer x' } })
    ).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(
      expect.arrayContaining(['sim-premium', 'sim-balanced', 'sim-budget']),
    );
    expect(stdout).toMatch(/SIMULATED models/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('says which port is taken', async () => {
    const blocker = await runSextantSimOnFreePort();
    try {
      const run = await runSextant({
        args: ['sim', '--port', String(blocker.port)],
        cwd: directory.path,
      });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(
        /^sextant: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\); choose another --port/,
      );
    } finally {
      await blocker.close();
    }
  });
});

describe('sextant demo', () => {
  it('runs the triage suite on simulated tiers, says so, and shows the gate catching the prompt change', async () => {
    const run = await runSextant({
      args: ['demo', '--latency-scale', '0'],
      cwd: directory.path,
      timeoutMs: 150_000,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/THE MODELS IN THIS DEMO ARE SIMULATED/);
    expect(run.stdout).toMatch(/Cost per success/);
    for (const target of ['premium', 'balanced', 'budget']) {
      expect(run.stdout).toMatch(new RegExp(`^│ ${target} +│ 120 +│ \\d+ +│ \\d+ +│ 0 +│`, 'm'));
    }
    expect(run.stdout).toMatch(/^│ triage-v1 +│ +│/m);
    // The hints work from where the user stands (here a temporary directory, not the checkout).
    const hint = /^ {2}node (\S+) runs$/m.exec(run.stdout);
    expect(resolvePath(directory.path, hint?.[1] ?? '')).toBe(SEXTANT_BIN);
    expect(run.stdout).toMatch(
      /Gate verdict for the prompt change: REGRESSED — `sextant eval` would exit with code 1/,
    );
    expect(run.stdout).toMatch(/The models above were simulated\./);
    expect(run.stdout).not.toMatch(CONTROL_CHARACTERS);
    const runs = await runSextant({ args: ['runs', '--json'], cwd: directory.path });
    const listed = JSON.parse(runs.stdout) as { verdict: string; gitBranch: string }[];
    expect(listed.map((entry) => entry.verdict)).toEqual(['regressed', 'none']);
    expect(listed.every((entry) => entry.gitBranch === 'demo')).toBe(true);
  }, 180_000);
});

async function runSextantSimOnFreePort(): Promise<{ port: number; close(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
