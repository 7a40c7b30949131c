/**
 * Resume after the runner process is killed with SIGKILL mid-run: the resumed run ends with the
 * same result set as an uninterrupted run, no key stored twice, and no call repeated except those
 * that were in flight when the process died (counted at the simulator).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLlmSim } from '@sextant/llm-sim';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { testCatalog } from '../test-support/test-catalog.js';
import { openTestStore, testDataDirectory } from '../test-support/test-store.js';
import { SIM_ENVIRONMENT, writeTriageSuite } from '../test-support/triage-suite.js';
import { runSuite } from './run-suite.js';

const launcher = fileURLToPath(new URL('../test-support/run-typescript.mjs', import.meta.url));
const childEntry = fileURLToPath(new URL('../test-support/run-suite-child.ts', import.meta.url));
const CONCURRENCY = 4;

function runChild(options: {
  configuration: object;
  killAfter: number | null;
}): Promise<{ lines: string[]; signal: string | null; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, childEntry], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, SEXTANT_CHILD_RUN: JSON.stringify(options.configuration) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const ended = lines.filter((item) => item.startsWith('case-end')).length;
        if (options.killAfter !== null && ended === options.killAfter) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (options.killAfter === null && code !== 0)
        reject(new Error(`child failed (${String(code)}): ${stderr}`));
      else resolve({ lines, signal, code });
    });
  });
}

// Counts stored answers only: a SIGKILL during a cache write leaves a `.tmp` file behind that is
// not an answer (it is never renamed into place), so the resumed run rightly asks again.
async function countAnswers(directory: string): Promise<number> {
  let count = 0;
  for (const folder of await readdir(directory).catch(() => []))
    count += (await readdir(join(directory, folder))).filter((file) =>
      file.endsWith('.json'),
    ).length;
  return count;
}

describe('resume after SIGKILL', () => {
  it('completes the run with the uninterrupted result set, no duplicates and no repeated completed calls', async () => {
    const sim = await startLlmSim({ port: 0, catalog: testCatalog, seed: 11 });
    const directory = await mkdtemp(join(tmpdir(), 'sextant-resume-'));
    const targets = [
      { id: 'slow', model: 'sim-slow' },
      { id: 'wrong', model: 'sim-wrong' },
    ];
    const cases = 50;
    const total = cases * targets.length;
    const suiteFile = await writeTriageSuite({
      directory,
      simUrl: sim.url,
      cases,
      targets,
      extra: { concurrency: CONCURRENCY },
    });
    const cacheDirectory = join(directory, 'cache');
    const configuration = {
      suiteFile,
      dataDirectory: testDataDirectory,
      database: 'resume_test',
      runId: 'run-killed-then-resumed',
      cacheDirectory,
      environment: SIM_ENVIRONMENT,
    };
    try {
      const killed = await runChild({
        configuration: { ...configuration, resume: false },
        killAfter: 40,
      });
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.lines.some((line) => line.startsWith('run-end'))).toBe(false);
      const requestsBeforeKill = sim.requests.length;
      const answersKept = await countAnswers(cacheDirectory);
      expect(answersKept).toBeGreaterThanOrEqual(40);
      expect(answersKept).toBeLessThan(total);

      const resumed = await runChild({
        configuration: { ...configuration, resume: true },
        killAfter: null,
      });
      expect(resumed.lines.at(-1)).toMatch(/^run-end completed /);
      const requestsOnResume = sim.requests.length - requestsBeforeKill;
      // Every answer that reached the runner before the kill is reused, none is asked for again…
      expect(requestsOnResume).toBe(total - answersKept);
      // …so the only calls made twice are those in flight when the process died.
      expect(requestsBeforeKill + requestsOnResume - total).toBeLessThanOrEqual(CONCURRENCY);
    } finally {
      await sim.close();
    }

    // Now that the children are gone, this process may open the same embedded engine.
    const testStore = await openTestStore({ database: 'resume_test' });
    const reference = await startLlmSim({ port: 0, catalog: testCatalog, seed: 11 });
    try {
      const resumedResults = await testStore.results(configuration.runId);
      expect(resumedResults).toHaveLength(total);
      expect(await testStore.rawRowCount(configuration.runId)).toBe(total);
      expect(resumedResults.every((result) => !result.cacheHit && result.status === 'ok')).toBe(
        true,
      );
      expect((await testStore.store.getRun(configuration.runId))?.status).toBe('completed');

      const referenceSuite = await loadSuite({
        file: await writeTriageSuite({
          directory: join(directory, 'reference'),
          simUrl: reference.url,
          cases,
          targets,
          extra: { concurrency: CONCURRENCY },
        }),
      });
      const uninterrupted = await runSuite({
        suite: referenceSuite,
        store: testStore.store,
        environment: SIM_ENVIRONMENT,
        cache: { enabled: false },
      });
      const shape = (results: typeof resumedResults) =>
        results
          .map(
            (result) =>
              `${result.caseId}|${result.promptId}|${result.targetId}|${result.repeat}|${String(result.passed)}|${result.score.toFixed(6)}|${result.targetId === 'slow' ? result.output : ''}`,
          )
          .sort();
      expect(shape(resumedResults)).toEqual(shape(await testStore.results(uninterrupted.runId)));
    } finally {
      await reference.close();
      await testStore.close();
    }
  }, 120_000);
});
