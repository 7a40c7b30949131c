/**
 * The catalogue of bad suites and datasets: each must be refused before any call, with an issue
 * naming the right file, line (or dataset row), field and what is wrong.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SuiteError } from '../errors/suite-error.js';
import { loadSuite } from './load-suite.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sextant-bad-suite-'));
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text);
}

interface BadCase {
  title: string;
  suite: string;
  files?: Record<string, string>;
  /** Expected issue: file (relative to the temp dir), line or row, field, message pattern. */
  issue: {
    file?: string;
    line?: number | null;
    at?: string;
    row?: number;
    field: string;
    message: RegExp;
  };
}

/** 1-based line of the first line of `text` containing `marker`: the place the issue must name. */
function lineContaining(text: string, marker: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not in the fixture`);
  return index + 1;
}

const MINIMAL = (
  overrides: {
    prompts?: string;
    dataset?: string;
    targets?: string;
    scorers?: string;
    extra?: string;
  } = {},
): string =>
  [
    'name: bad',
    overrides.prompts ??
      'prompts:\n  - id: v1\n    messages:\n      - role: user\n        content: "{{ticket}}"',
    overrides.dataset ?? 'dataset: cases.csv',
    overrides.targets ??
      'targets:\n  - id: t1\n    provider: openai\n    model: m\n    baseURL: http://localhost:1/v1',
    overrides.scorers ?? 'scorers:\n  - type: contains\n    value: x',
    overrides.extra ?? '',
  ].join('\n');

const CASES_CSV = { 'cases.csv': 'id,ticket\na,one\nb,two\n' };

const BAD_SUITES: BadCase[] = [
  {
    title: 'YAML that does not parse',
    suite: 'name: bad\nprompts:\n  - id: v1\n   messages: []\n',
    issue: { line: 4, field: '', message: /not valid YAML/ },
  },
  {
    title: 'a missing required section',
    suite:
      'name: bad\nprompts:\n  - id: v1\n    messages: [{ role: user, content: hi }]\ndataset: cases.csv\nscorers: [{ type: json-valid }]\n',
    issue: { line: 1, field: 'targets', message: /is required/ },
  },
  {
    title: 'a misspelt top-level key',
    suite: MINIMAL({ extra: 'concurrancy: 4' }),
    issue: {
      at: 'concurrancy',
      field: 'concurrancy',
      message: /unknown key \(did you mean "concurrency"\?\)/,
    },
  },
  {
    title: 'a misspelt target key',
    suite: MINIMAL({ targets: 'targets:\n  - id: t1\n    provider: openai\n    modle: m' }),
    issue: { at: '- id: t1', field: 'targets[0].model', message: /is required/ },
  },
  {
    title: 'a target key the provider does not know',
    suite: MINIMAL({
      targets: 'targets:\n  - id: t1\n    provider: openai\n    model: m\n    base_url: http://x',
    }),
    issue: { at: 'base_url', field: 'targets[0].base_url', message: /did you mean "baseURL"/ },
  },
  {
    title: 'a number given as text',
    suite: MINIMAL({ extra: 'repeats: three' }),
    issue: { at: 'repeats', field: 'repeats', message: /must be an integer/ },
  },
  {
    title: 'a threshold above 1',
    suite: MINIMAL({ extra: 'threshold: 1.5' }),
    issue: { at: 'threshold', field: 'threshold', message: /<= 1/ },
  },
  {
    title: 'an unknown provider',
    suite: MINIMAL({ targets: 'targets:\n  - id: t1\n    provider: openia\n    model: m' }),
    issue: {
      at: 'openia',
      field: 'targets[0].provider',
      message: /unknown provider "openia".*openai, anthropic, function/,
    },
  },
  {
    title: 'an unknown scorer type',
    suite: MINIMAL({ scorers: 'scorers:\n  - type: equal' }),
    issue: { at: 'equal', field: 'scorers[0].type', message: /unknown scorer type "equal"/ },
  },
  {
    title: 'a scorer option of another scorer',
    suite: MINIMAL({ scorers: 'scorers:\n  - type: contains\n    values: [a, b]' }),
    issue: { at: 'values', field: 'scorers[0].values', message: /did you mean "value"/ },
  },
  {
    title: 'a regex that does not compile',
    suite: MINIMAL({ scorers: 'scorers:\n  - type: regex\n    pattern: "([a-z]"' }),
    issue: {
      at: 'pattern',
      field: 'scorers[0].pattern',
      message: /not a valid regular expression/,
    },
  },
  {
    title: 'a scorer without its required option',
    suite: MINIMAL({ scorers: 'scorers:\n  - type: json-path-equals\n    value: x' }),
    issue: { at: 'json-path-equals', field: 'scorers[0].path', message: /is required/ },
  },
  {
    title: 'a prompt file that does not exist',
    suite: MINIMAL({ prompts: 'prompts:\n  - id: v1\n    file: prompts/v1.yaml' }),
    issue: {
      at: 'prompts/v1.yaml',
      field: 'prompts[0].file',
      message: /prompts\/v1.yaml, which does not exist/,
    },
  },
  {
    title: 'a prompt with both a file and inline messages',
    suite: MINIMAL({
      prompts: 'prompts:\n  - id: v1\n    file: p.txt\n    messages: [{ role: user, content: hi }]',
    }),
    files: { 'p.txt': 'hi' },
    issue: { at: 'p.txt', field: 'prompts[0].file', message: /cannot be combined/ },
  },
  {
    title: 'a prompt with neither file nor messages',
    suite: MINIMAL({ prompts: 'prompts:\n  - id: v1\n    description: empty' }),
    issue: { at: '- id: v1', field: 'prompts[0]', message: /needs `messages`/ },
  },
  {
    title: 'a prompt file with an unknown key',
    suite: MINIMAL({ prompts: 'prompts:\n  - id: v1\n    file: v1.yaml' }),
    files: {
      'v1.yaml':
        'system: hello\nmessages:\n  - role: user\n    content: "{{ticket}}"\ntemperature: 0\n',
    },
    issue: { file: 'v1.yaml', at: 'temperature', field: 'temperature', message: /unknown key/ },
  },
  {
    title: 'a message with an unknown role',
    suite: MINIMAL({
      prompts: 'prompts:\n  - id: v1\n    messages:\n      - role: human\n        content: hi',
    }),
    issue: {
      at: 'human',
      field: 'prompts[0].messages[0].role',
      message: /must be one of: system, user, assistant/,
    },
  },
  {
    title: 'two targets with one id',
    suite: MINIMAL({
      targets:
        'targets:\n  - { id: t1, provider: openai, model: a, baseURL: "http://x/v1" }\n  - { id: t1, provider: openai, model: b, baseURL: "http://x/v1" }',
    }),
    issue: { at: 'model: b', field: 'targets[1].id', message: /"t1" is used twice/ },
  },
  {
    title: 'two scorers with one name',
    suite: MINIMAL({
      scorers: 'scorers:\n  - { name: s, type: json-valid }\n  - { name: s, type: json-valid }',
    }),
    issue: { line: 15, field: 'scorers[1].name', message: /"s" is used twice/ },
  },
  {
    title: 'a dataset file that does not exist',
    suite: MINIMAL({ dataset: 'dataset:\n  files: [cases.csv, missing.jsonl]' }),
    issue: {
      at: 'missing.jsonl',
      field: 'dataset.files[1]',
      message: /missing.jsonl, which does not exist/,
    },
  },
  {
    title: 'a dataset that is neither CSV nor JSONL',
    suite: MINIMAL({ dataset: 'dataset: cases.xlsx' }),
    issue: {
      at: 'xlsx',
      field: 'dataset.files[0]',
      message: /must end in .csv, .jsonl or .ndjson/,
    },
  },
  {
    title: 'a template variable the dataset lacks',
    suite: MINIMAL({
      prompts:
        'prompts:\n  - id: v1\n    messages: [{ role: user, content: "{{ticket}} {{customer}}" }]',
    }),
    issue: {
      file: 'cases.csv',
      row: 1,
      field: 'customer',
      message: /is missing, but prompt "v1" uses \{\{customer\}\}/,
    },
  },
  {
    title: 'a scorer template variable the dataset lacks',
    suite: MINIMAL({ scorers: 'scorers:\n  - type: equals\n    value: "{{answer}}"' }),
    issue: {
      file: 'cases.csv',
      row: 1,
      field: 'answer',
      message: /scorer "equals" uses \{\{answer\}\}/,
    },
  },
  {
    title: 'duplicate case ids',
    suite: MINIMAL(),
    files: { 'cases.csv': 'id,ticket\na,one\nb,two\na,three\n' },
    issue: {
      file: 'cases.csv',
      row: 3,
      field: 'id',
      message: /duplicates case id "a" first seen at cases.csv row 1/,
    },
  },
  {
    title: 'duplicate cases without ids (same variables, same hash)',
    suite: MINIMAL({ dataset: 'dataset: cases.jsonl' }),
    files: { 'cases.jsonl': '{"ticket": "same"}\n{"ticket": "other"}\n{"ticket": "same"}\n' },
    issue: { file: 'cases.jsonl', row: 3, field: 'id', message: /duplicates case id/ },
  },
  {
    title: 'a JSONL line that is not JSON',
    suite: MINIMAL({ dataset: 'dataset: cases.jsonl' }),
    files: { 'cases.jsonl': '{"ticket": "a"}\n{"ticket": b}\n' },
    issue: { file: 'cases.jsonl', line: 2, row: 2, field: '', message: /is not valid JSON/ },
  },
  {
    title: 'a JSONL line that is not an object',
    suite: MINIMAL({ dataset: 'dataset: cases.jsonl' }),
    files: { 'cases.jsonl': '{"ticket": "a"}\n\n["b"]\n' },
    issue: { file: 'cases.jsonl', line: 3, row: 2, field: '', message: /must be a JSON object/ },
  },
  {
    title: 'a CSV row with more fields than the header',
    suite: MINIMAL(),
    files: { 'cases.csv': 'id,ticket\na,one\nb,two,extra\nc,three\n' },
    issue: {
      file: 'cases.csv',
      row: 2,
      field: '',
      message: /different number of fields than the header \(2 columns: id, ticket\)/,
    },
  },
  {
    title: 'tags that are not a list of strings',
    suite: MINIMAL({ dataset: 'dataset: cases.jsonl' }),
    files: { 'cases.jsonl': '{"ticket": "a", "tags": [1, 2]}\n' },
    issue: { file: 'cases.jsonl', row: 1, field: 'tags', message: /list of strings/ },
  },
  {
    title: 'an empty dataset',
    suite: MINIMAL(),
    files: { 'cases.csv': 'id,ticket\n' },
    issue: { at: 'dataset:', field: 'dataset', message: /has no cases/ },
  },
  {
    title: 'a misspelt gate setting',
    suite: MINIMAL({ extra: 'gate:\n  minPassrate: 0.9' }),
    issue: { at: 'minPassrate', field: 'gate.minPassrate', message: /did you mean "minPassRate"/ },
  },
  {
    title: 'a gate alpha outside (0, 1)',
    suite: MINIMAL({ extra: 'gate:\n  alpha: 2' }),
    issue: { at: 'alpha', field: 'gate.alpha', message: /< 1/ },
  },
  {
    title: 'an API key where the variable name belongs',
    suite: MINIMAL({
      targets:
        'targets:\n  - id: t1\n    provider: openai\n    model: m\n    apiKeyEnv: sk-live-123',
    }),
    issue: { at: 'apiKeyEnv', field: 'targets[0].apiKeyEnv', message: /must match/ },
  },
  {
    title: 'a function target whose module does not exist',
    suite: MINIMAL({
      targets:
        'targets:\n  - id: t1\n    provider: function\n    model: local\n    module: ./answer.mjs',
    }),
    issue: {
      at: 'answer.mjs',
      field: 'targets[0].module',
      message: /answer.mjs, which does not exist/,
    },
  },
  {
    title: 'a javascript scorer whose module does not exist',
    suite: MINIMAL({ scorers: 'scorers:\n  - type: javascript\n    module: ./score.mjs' }),
    issue: {
      at: 'score.mjs',
      field: 'scorers[0].module',
      message: /score.mjs, which does not exist/,
    },
  },
  {
    title: 'a rate limit with an unknown key',
    suite: MINIMAL({ extra: 'limits:\n  openai:\n    rpm: 60' }),
    issue: {
      at: 'rpm',
      field: 'limits.openai.rpm',
      message: /unknown key \(allowed here: concurrency, requestsPerMinute\)/,
    },
  },
];

describe('loadSuite refuses bad suites and datasets, naming the place', () => {
  it('has a catalogue of at least 20 cases', () => {
    expect(BAD_SUITES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(BAD_SUITES)('$title', async ({ suite, files, issue }) => {
    await write({ ...CASES_CSV, ...files, 'suite.yaml': suite });
    const error = await loadSuite({ file: join(directory, 'suite.yaml'), cwd: directory }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(SuiteError);
    const issues = (error as SuiteError).issues;
    const match = issues.find((candidate) => candidate.field === issue.field);
    expect(match, `issues: ${JSON.stringify(issues)}`).toBeDefined();
    expect(match?.file).toBe(issue.file ?? 'suite.yaml');
    const fileText = issue.file === undefined ? suite : (files?.[issue.file] ?? '');
    const line = issue.at === undefined ? issue.line : lineContaining(fileText, issue.at);
    if (line !== undefined) expect(match?.line).toBe(line);
    if (issue.row !== undefined) expect(match?.row).toBe(issue.row);
    expect(match?.message).toMatch(issue.message);
    // The message a user sees names the file and the place too.
    const place =
      issue.row === undefined
        ? `${issue.file ?? 'suite.yaml'}:${String(line)}`
        : `row ${issue.row}`;
    expect((error as SuiteError).message).toContain(place);
  });

  it('reports a missing suite file plainly', async () => {
    await expect(loadSuite({ file: join(directory, 'nope.yaml'), cwd: directory })).rejects.toThrow(
      /nope.yaml does not exist/,
    );
  });
});
