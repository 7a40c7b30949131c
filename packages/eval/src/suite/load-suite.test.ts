import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GATE_SETTINGS } from '../compare/gate-settings.js';
import { loadSuite } from './load-suite.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sextant-suite-'));
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(directory, name), text);
}

const GOOD_SUITE = `name: triage
description: Ticket triage
prompts:
  - id: v1
    system: You triage tickets.
    messages:
      - role: user
        content: "Ticket: {{ticket}} from {{customer.name}}"
  - id: v2
    file: v2.txt
dataset:
  files: [cases.csv, more.jsonl]
targets:
  - id: local
    provider: openai
    model: llama3
    baseURL: http://localhost:11434/v1
    parameters: { temperature: 0 }
    price: { inputPerMillion: 1, outputPerMillion: 2 }
scorers:
  - type: icontains
  - type: icontains
    value: "{{ticket}}"
    weight: 2
    required: true
repeats: 2
gate:
  passRateMargin: 0.05
  maxMinimumDetectableEffect: 0.15
`;

describe('loadSuite on a valid suite', () => {
  it('resolves prompts, targets, scorers, datasets and defaults', async () => {
    await write({
      'suite.yaml': GOOD_SUITE,
      'v2.txt': 'Classify: {{ticket}}',
      'cases.csv': 'id,ticket,customer,expected\nc1,refund please,"{""name"":""Ann""}",billing\n',
      'more.jsonl':
        '{"ticket": "app crashes", "customer": {"name": "Bo"}, "expected": "technical", "tags": ["bug"]}\n\n',
    });
    const suite = await loadSuite({ file: join(directory, 'suite.yaml'), cwd: directory });
    expect(suite.name).toBe('triage');
    expect(suite.caseCount).toBe(2);
    expect(suite.prompts.map((prompt) => prompt.messages)).toEqual([
      [
        { role: 'system', content: 'You triage tickets.' },
        { role: 'user', content: 'Ticket: {{ticket}} from {{customer.name}}' },
      ],
      [{ role: 'user', content: 'Classify: {{ticket}}' }],
    ]);
    expect(suite.targets[0]).toMatchObject({
      id: 'local',
      options: { baseURL: 'http://localhost:11434/v1' },
      parameters: { temperature: 0 },
    });
    expect(suite.scorers.map((scorer) => [scorer.name, scorer.weight, scorer.required])).toEqual([
      ['icontains', 1, false],
      ['icontains-2', 2, true],
    ]);
    expect(suite.definition).toMatchObject({
      repeats: 2,
      concurrency: 8,
      threshold: null,
      budgetUsd: null,
    });
    expect(suite.gate).toEqual({
      ...DEFAULT_GATE_SETTINGS,
      passRateMargin: 0.05,
      maxMinimumDetectableEffect: 0.15,
    });
    expect(suite.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(suite.dependencies).toHaveLength(4);
    expect(suite.lineOf(['targets', 0, 'model'])).toBe(16);
  });

  it('accepts a dataset given as one path', async () => {
    await write({
      'suite.yaml': GOOD_SUITE.replace('files: [cases.csv, more.jsonl]', '').replace(
        'dataset:\n',
        'dataset: cases.jsonl\n',
      ),
      'v2.txt': 'x',
      'cases.jsonl':
        '{"ticket": "a", "customer": {"name": "A"}}\n{"ticket": "b", "customer": {"name": "B"}}\n',
    });
    expect(
      (await loadSuite({ file: join(directory, 'suite.yaml'), cwd: directory })).caseCount,
    ).toBe(2);
  });
});
