/**
 * The gate end to end through the spawned binary: the simulator runs in this test process
 * (zero latency, no injected faults) and each test has its own directory, so its own embedded
 * ClickHouse. The statistics themselves are unit-tested in @sextant/eval; these tests check
 * what the CLI makes of them: exit codes, reports, baselines from files and from ClickHouse.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLlmSim } from '@sextant/llm-sim';
import type { LlmSim } from '@sextant/llm-sim';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, TRIAGE_SUITE } from './test-support/paths.js';
import { CONTROL_CHARACTERS, runSextant } from './test-support/run-sextant.js';
import type { SextantRun } from './test-support/run-sextant.js';
import { temporaryDirectories } from './test-support/temporary-directory.js';

let sim: LlmSim;
let reseededSim: LlmSim;
const workspaces = temporaryDirectories();

beforeAll(async () => {
  sim = await startLlmSim({ port: 0, latencyScale: 0, catalogFaults: false, requestLog: false });
  reseededSim = await startLlmSim({
    port: 0,
    latencyScale: 0,
    catalogFaults: false,
    requestLog: false,
    seed: 7,
  });
});
afterAll(async () => {
  await sim.close();
  await reseededSim.close();
  await workspaces.removeAll();
});

const workspace = (name: string): Promise<string> => workspaces.create(name);

function sextant(
  cwd: string,
  args: string[],
  options: { simulator?: LlmSim; environment?: Record<string, string> } = {},
): Promise<SextantRun> {
  return runSextant({
    args,
    cwd,
    environment: {
      SEXTANT_SIM_BASE_URL: `${(options.simulator ?? sim).url}/v1`,
      ...options.environment,
    },
  });
}

/** stdout and stderr of a non-TTY run: no escape sequences, no carriage returns. */
function expectPlainText(run: SextantRun): void {
  expect(run.stdout).not.toMatch(CONTROL_CHARACTERS);
  expect(run.stderr).not.toMatch(CONTROL_CHARACTERS);
}

const TWO_TARGETS = ['--targets', 'premium', 'balanced', '--no-cache'];

describe('sextant eval: the gate', { timeout: 150_000 }, () => {
  it('writes every report, then catches a prompt the simulator answers worse on (exit 1)', async () => {
    const cwd = await workspace('regression');
    const baseline = await sextant(cwd, [
      'eval',
      TRIAGE_SUITE,
      '--prompts',
      'triage-v1',
      ...TWO_TARGETS,
      '--out',
      'json=out/base.json',
      '--out',
      'junit=out/junit.xml',
      '--out',
      'markdown=out/report.md',
      '--out',
      'csv=out/results.csv',
    ]);
    expect(baseline.exitCode, baseline.stderr).toBe(0);
    expectPlainText(baseline);
    expect(baseline.stderr).toMatch(/^support-triage: 240 results to run$/m);
    expect(baseline.stderr).toMatch(
      /^support-triage: 240\/240 results \(100%\), pass rate \d+\.\d%, spend \$[\d.]+, ETA /m,
    );
    expect(baseline.stdout).toMatch(/Verdict: NONE \(exit code 0\)/);
    expect(baseline.stdout).toMatch(/Cost per success/);

    const json = JSON.parse(await readFile(join(cwd, 'out/base.json'), 'utf8')) as {
      schemaVersion: number;
      run: { runId: string; suite: string; status: string };
      report: {
        groups: {
          targetId: string;
          passed: number;
          failed: number;
          costPerSuccess: { usd: number | null };
        }[];
      };
      results: { passed: boolean; status: string }[];
    };
    expect(json.schemaVersion).toBe(1);
    expect(json.run).toMatchObject({ suite: 'support-triage', status: 'completed' });
    expect(json.results).toHaveLength(240);
    expect(json.report.groups.map((group) => group.targetId)).toEqual(['balanced', 'premium']);
    for (const group of json.report.groups) expect(group.costPerSuccess.usd).toBeGreaterThan(0);
    const failures = json.results.filter((result) => !result.passed).length;

    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      await readFile(join(cwd, 'out/junit.xml'), 'utf8'),
    ) as { testsuites: { tests: string; failures: string; testsuite: { testcase: unknown[] }[] } };
    expect(Number(junit.testsuites.tests)).toBe(240);
    expect(Number(junit.testsuites.failures)).toBe(failures);
    expect(junit.testsuites.testsuite.flatMap((suite) => suite.testcase)).toHaveLength(240);

    const csv = (await readFile(join(cwd, 'out/results.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toMatch(/^run_id,suite,case_id,prompt_id,target_id/);
    expect(csv).toHaveLength(241);
    expect(await readFile(join(cwd, 'out/report.md'), 'utf8')).toMatch(
      /^## Sextant eval: support-triage/,
    );

    const summary = join(cwd, 'step-summary.md');
    await writeFile(summary, '# earlier step\n');
    const candidate = await sextant(
      cwd,
      [
        'eval',
        TRIAGE_SUITE,
        '--prompts',
        'triage-v2-casual',
        ...TWO_TARGETS,
        '--baseline',
        'out/base.json',
        '--out',
        'markdown=out/pr.md',
        '--out',
        'json=out/candidate.json',
      ],
      { environment: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(candidate.exitCode, candidate.stdout + candidate.stderr).toBe(1);
    expectPlainText(candidate);
    expect(candidate.stdout).toMatch(/Verdict: REGRESSED \(exit code 1\)/);
    expect(candidate.stdout).toMatch(
      /pass\s+rate\s+changed\s+−\d+\.\d\s+pts\s[\s\S]*?beyond\s+the\s+2\.0\s+pts\s+margin/,
    );
    const comment = await readFile(join(cwd, 'out/pr.md'), 'utf8');
    expect(comment).toMatch(/REGRESSED/);
    expect(comment).toMatch(/[Nn]ewly failing/);
    expect(comment).toContain(json.run.runId);
    const stepSummary = await readFile(summary, 'utf8');
    expect(stepSummary.startsWith('# earlier step\n## Sextant eval: support-triage')).toBe(true);
    const candidateJson = JSON.parse(await readFile(join(cwd, 'out/candidate.json'), 'utf8')) as {
      run: { runId: string; baselineRunId: string; verdict: string };
      comparison: { baselineRunId: string; verdict: { state: string; exitCode: number } };
    };
    expect(candidateJson.run).toMatchObject({
      baselineRunId: json.run.runId,
      verdict: 'regressed',
    });
    expect(candidateJson.comparison.verdict).toMatchObject({ state: 'regressed', exitCode: 1 });

    // The stored runs: listed with their verdicts, comparable again from ClickHouse and from files.
    const runs = await sextant(cwd, ['runs']);
    expect(runs.exitCode).toBe(0);
    expect(runs.stdout).toMatch(
      new RegExp(
        `${candidateJson.run.runId} +│ support-triage .*│ regressed +│ 240 +│ \\d+\\.\\d% +│ \\$[\\d.]+ +│`,
      ),
    );
    // The listed pass rate is the run's own: passes over every stored result.
    const listedRuns = JSON.parse((await sextant(cwd, ['runs', '--json'])).stdout) as {
      runId: string;
      totals: { results: number; passes: number; passRate: number } | null;
    }[];
    const baseTotals = listedRuns.find((run) => run.runId === json.run.runId)?.totals;
    expect(baseTotals).toMatchObject({ results: 240, passes: 240 - failures });
    expect(baseTotals?.passRate).toBeCloseTo((240 - failures) / 240, 10);
    const compare = await sextant(cwd, ['compare', 'out/base.json', candidateJson.run.runId]);
    expect(compare.exitCode).toBe(1);
    expect(compare.stdout).toMatch(/Verdict: REGRESSED/);
    const filesOnly = await sextant(cwd, ['compare', 'out/base.json', 'out/base.json']);
    expect(filesOnly.exitCode, filesOnly.stderr).toBe(0);
    expect(filesOnly.stdout).toMatch(/Verdict: PASS/);
  });

  it('does not flag noise: the same prompt and models on a reseeded simulator pass (exit 0)', async () => {
    const cwd = await workspace('noise');
    const main = await sextant(cwd, [
      'eval',
      TRIAGE_SUITE,
      '--prompts',
      'triage-v1',
      ...TWO_TARGETS,
      '--branch',
      'main',
    ]);
    expect(main.exitCode, main.stderr).toBe(0);
    const branch = await sextant(
      cwd,
      [
        'eval',
        TRIAGE_SUITE,
        '--prompts',
        'triage-v1',
        ...TWO_TARGETS,
        '--branch',
        'feature',
        '--baseline',
        'latest',
      ],
      { simulator: reseededSim },
    );
    expect(branch.exitCode, branch.stdout + branch.stderr).toBe(0);
    expectPlainText(branch);
    expect(branch.stdout).toMatch(/Compared with baseline [0-9a-f-]{36}/);
    expect(branch.stdout).toMatch(/Verdict: PASS \(exit code 0\)/);
    expect(branch.stdout).not.toMatch(/REGRESSED/);
    // Different seeds really gave different answers: some case changed outcome.
    expect(branch.stdout).toMatch(
      /balanced: 120 cases tested of 120 paired, (?!0 newly failing, 0 newly passing)/,
    );

    const runs = await sextant(cwd, ['runs', '--branch', 'main', '--json']);
    const listed = JSON.parse(runs.stdout) as { runId: string; gitBranch: string }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]?.gitBranch).toBe('main');
    expect(branch.stdout).toContain(`Compared with baseline ${listed[0]?.runId}`);

    const report = await sextant(cwd, ['report', 'latest:feature', '--out', 'markdown=-']);
    expect(report.exitCode).toBe(0);
    expect(report.stdout).toMatch(/Verdict stored when it ran: PASS/);
    expect(report.stdout).toMatch(/## Sextant eval: support-triage/);

    const traces = await sextant(cwd, ['traces', '--since', '1h']);
    expect(traces.exitCode).toBe(0);
    expect(traces.stdout).toMatch(/sextant-eval +│ openai +│ sim-premium +│ 240 calls/);
    expect(traces.stdout).toMatch(/sim-balanced +│ 240 calls +│ 0 \(0\.0%\)/);
  });

  it('calls a small suite inconclusive, stating the minimum detectable effect (exit 3)', async () => {
    const cwd = await workspace('inconclusive');
    const suite = join(FIXTURES, 'tiny-triage', 'suite.yaml');
    const first = await sextant(cwd, ['eval', suite, '--out', 'json=base.json']);
    expect(first.exitCode, first.stderr).toBe(0);
    const second = await sextant(cwd, ['eval', suite, '--no-cache', '--baseline', 'base.json']);
    expect(second.exitCode, second.stdout + second.stderr).toBe(3);
    expect(second.stdout).toMatch(/Verdict: INCONCLUSIVE \(exit code 3\)/);
    expect(second.stdout).toMatch(/minimum detectable/i);
  });

  it('calls a run stopped by its budget incomplete (exit 4)', async () => {
    const cwd = await workspace('budget');
    const run = await sextant(cwd, [
      'eval',
      join(FIXTURES, 'tiny-triage', 'suite.yaml'),
      '--budget',
      '0.000001',
      '--concurrency',
      '1',
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(4);
    expect(run.stdout).toMatch(/stopped-budget/);
    expect(run.stdout).toMatch(/Verdict: INCOMPLETE \(exit code 4\)/);
  });

  it('applies a pass-rate floor given on the command line without a baseline (exit 1)', async () => {
    const cwd = await workspace('floor');
    const run = await sextant(cwd, [
      'eval',
      TRIAGE_SUITE,
      '--prompts',
      'triage-v2-casual',
      '--targets',
      'balanced',
      '--min-pass-rate',
      '95%',
    ]);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toMatch(
      /balanced \(triage-v2-casual\): pass rate \d+\.\d% is below the 95\.0% floor/,
    );
  });
});
