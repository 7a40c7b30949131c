import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from 'fast-csv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKDOWN_CHARACTER_LIMIT } from './markdown-reporter.js';
import { readResultsFile } from './read-results-file.js';
import { isReporterName, renderReport, REPORTERS, writeReport } from './reporter-registry.js';
import { buildResult } from '../report/test-support/eval-result-builder.js';
import { regressedFixture } from './test-support/reporter-fixture.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sextant-reporters-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('reporter registry', () => {
  it('maps every name to a reporter of that name', () => {
    for (const [name, reporter] of Object.entries(REPORTERS)) expect(reporter.name).toBe(name);
    expect(isReporterName('junit')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });
});

describe('json reporter and readResultsFile', () => {
  it('writes a versioned document that reads back as a baseline', async () => {
    const { input, candidateResults } = await regressedFixture();
    const path = join(directory, 'results.json');
    await writeReport({ reporter: 'json', input, path });
    const document = JSON.parse(await readFile(path, 'utf8'));
    expect(document.schemaVersion).toBe(1);
    expect(document.verdict.state).toBe('regressed');
    expect(document.comparison.groups).toHaveLength(2);
    expect(document.report.groups[0].costPerSuccess.usd).toBeGreaterThan(0);
    expect(document.results).toHaveLength(candidateResults.length);
    const file = await readResultsFile(path);
    expect(file.run).toEqual(input.run);
    expect(file.results).toEqual(candidateResults);
  });

  it('writes an empty results array as valid JSON', async () => {
    const { input } = await regressedFixture();
    const text = await renderReport({ reporter: 'json', input: { ...input, results: () => [] } });
    expect(JSON.parse(text).results).toEqual([]);
  });

  it('rejects a missing, foreign or damaged file naming the place', async () => {
    await expect(readResultsFile(join(directory, 'absent.json'))).rejects.toThrow(
      /absent\.json: no such file/,
    );
    const foreign = join(directory, 'foreign.json');
    await writeFile(foreign, JSON.stringify({ schemaVersion: 2, run: {}, results: [] }));
    await expect(readResultsFile(foreign)).rejects.toThrow(
      /schemaVersion is 2, this version of Sextant reads schemaVersion 1/,
    );
    const { input } = await regressedFixture();
    const damaged = JSON.parse(await renderReport({ reporter: 'json', input }));
    damaged.results[3].passed = 'yes';
    const damagedPath = join(directory, 'damaged.json');
    await writeFile(damagedPath, JSON.stringify(damaged));
    await expect(readResultsFile(damagedPath)).rejects.toThrow(
      /damaged\.json: is not a Sextant results file: at \/results\/3\/passed, must be boolean/,
    );
    await writeFile(damagedPath, '{"schemaVersion": 1,');
    await expect(readResultsFile(damagedPath)).rejects.toThrow(/is not valid JSON/);
  });
});

describe('junit reporter', () => {
  it('is valid XML with one testcase per case × target and failures carrying the scorer reasons', async () => {
    const { input } = await regressedFixture();
    const xml = await renderReport({ reporter: 'junit', input });
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
    }).parse(xml);
    const suites = parsed.testsuites.testsuite as {
      name: string;
      tests: string;
      failures: string;
      errors: string;
      testcase: Record<string, unknown>[];
    }[];
    expect(suites.map((suite) => suite.name)).toEqual([
      'triage / prompt-v1 / budget',
      'triage / prompt-v1 / premium',
    ]);
    const budget = suites[0]!;
    expect(budget.testcase).toHaveLength(62);
    expect(Number(budget.failures)).toBe(25);
    expect(Number(budget.errors)).toBe(1);
    expect(parsed.testsuites.tests).toBe('122');
    const failing = budget.testcase.find((test) => test.name === 'case-050')!;
    expect(failing.failure).toEqual({
      message: 'passed 0 of 1 repeats',
      type: 'quality',
      '#text': 'intent: expected "billing", got "shipping"',
    });
    const errored = budget.testcase.find((test) => test.name === 'case-error')!;
    expect((errored.error as { type: string }).type).toBe('call-error');
    const hostile = budget.testcase.find((test) => test.name === 'case-<&>"\'')!;
    expect(hostile['system-out']).toBe('bad  bytes [31m <tag> & "quotes"  =SUM(A1) | pipe ```');
    expect((hostile.failure as { '#text': string })['#text']).toBe(
      'intent: expected <billing> & got "x"',
    );
  });
});

describe('junit reporter with repeats', () => {
  it('folds repeats into one testcase and reports the reasons of the failing repeat', async () => {
    const { input } = await regressedFixture();
    const flaky = [
      buildResult({ caseId: 'flaky', repeat: 0, passed: true }),
      buildResult({
        caseId: 'flaky',
        repeat: 1,
        passed: false,
        scores: [
          {
            name: 'priority',
            type: 'label',
            score: 0,
            passed: false,
            reason: 'expected high, got low',
            weight: 1,
            required: true,
          },
        ],
      }),
    ];
    const xml = await renderReport({
      reporter: 'junit',
      input: { ...input, results: () => flaky },
    });
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const testcase = parsed.testsuites.testsuite.testcase;
    expect(testcase.name).toBe('flaky');
    expect(testcase.failure).toEqual({
      message: 'passed 1 of 2 repeats',
      type: 'quality',
      '#text': 'priority: expected high, got low',
    });
  });
});

describe('markdown reporter', () => {
  it('shows the verdict, the per-target table, the changed cases with diffs and the cost change', async () => {
    const { input } = await regressedFixture();
    const markdown = await renderReport({ reporter: 'markdown', input });
    expect(markdown).toContain('## Sextant eval: triage — ❌ REGRESSED');
    expect(markdown).toContain('**Verdict: REGRESSED** (exit code 1)');
    expect(markdown).toMatch(
      /\| `premium` \| `prompt-v1` \| 60 cases \| 36 \/ 24 \/ 0 results \| 60\.0% \(47\.4%–71\.4%\) \| ❌ regressed: −30\.0 pts/,
    );
    expect(markdown).toContain('### Newly failing (36 cases)');
    expect(markdown).toContain('- {"intent": "billing"}\n+ {"intent": "shipping"}');
    expect(markdown).toMatch(
      /`premium` cost per success on the 60 paired cases: \$0\.0111 → \$0\.0167 \(\+50\.0%\)/,
    );
    expect(markdown).not.toContain('### Newly passing');
  });

  it('stays under the GitHub comment limit and says what it left out', async () => {
    const { input } = await regressedFixture({ cases: 400, outputLength: 800 });
    const markdown = await renderReport({ reporter: 'markdown', input });
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_CHARACTER_LIMIT);
    expect(markdown).toMatch(
      /> \d+ more newly failing cases are not shown, to keep this comment under GitHub's 65,536-character limit/,
    );
  });
});

describe('csv reporter', () => {
  it('writes one row per result with units in the headers and defuses formulas', async () => {
    const { input, candidateResults } = await regressedFixture();
    const csv = await renderReport({ reporter: 'csv', input });
    const rows: Record<string, string>[] = [];
    await new Promise<void>((resolve, reject) => {
      parseString(csv, { headers: true })
        .on('data', (row: Record<string, string>) => rows.push(row))
        .on('error', reject)
        .on('end', () => resolve());
    });
    expect(rows).toHaveLength(candidateResults.length);
    expect(Object.keys(rows[0]!)).toContain('latency_ms');
    expect(Object.keys(rows[0]!)).toContain('cost_usd');
    const errored = rows.find((row) => row.case_id === 'case-error')!;
    expect(errored).toMatchObject({
      status: 'error',
      passed: 'false',
      error_type: 'timeout',
      time_to_first_chunk_ms: '',
      cost_usd: '0.001',
    });
    const hostile = rows.find((row) => row.case_id === 'case-<&>"\'')!;
    expect(hostile.output).toMatch(/^bad /);
    expect(hostile.failed_scorers).toBe('intent: expected <billing> & got "x"');
    const formula = await renderReport({
      reporter: 'csv',
      input: { ...input, results: () => [{ ...candidateResults[0]!, output: '=HYPERLINK("x")' }] },
    });
    expect(formula).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('terminal reporter', () => {
  it('prints tables with units and no control characters unless colour is asked for', async () => {
    const { input } = await regressedFixture();
    const plain = await renderReport({ reporter: 'terminal', input });
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(plain).toContain('Verdict: REGRESSED (exit code 1)');
    const lines = plain.split('\n');
    // The units live in the headers where the cells leave them out.
    expect(plain).toMatch(/│ Latency \(ms\) +│ TTFT \(ms\) +│ Tokens +│/);
    const premiumRow = lines.find((line) => /^│ premium +│ 60 +│/.test(line));
    expect(premiumRow).toMatch(/│ 36 +│ 24 +│ 0 +│ 60\.0% +│ 0\.600 \/ 1 +│$/);
    expect(plain).toMatch(
      /│ premium +│ \d+ \/ \d+ +│ \d+ +│ [\d,]+ \/ [\d,]+ \/ [\d,]+ +│ \$0\.\d+ \/ n\/a +│ \$/,
    );
    expect(plain).toMatch(/\$0\.0167/);
    expect(lines.some((line) => /^│ .*│ REGRESSED │$/.test(line))).toBe(true);
    expect(plain).toMatch(/minimum detectable drop \d+\.\d pts/);
    // Readable without wrapping on a terminal of 120 columns (it was 195 as one table).
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(120);
    const coloured = await renderReport({ reporter: 'terminal', input, options: { color: true } });
    expect(coloured).toContain('\u001b[31mREGRESSED\u001b[39m');
  });
});
