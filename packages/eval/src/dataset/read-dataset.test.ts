import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalCase } from '@sextant/spec';
import { hashVariables } from './dataset-row.js';
import { inspectDataset, readDataset } from './read-dataset.js';

async function files(contents: Record<string, string>) {
  const directory = await mkdtemp(join(tmpdir(), 'sextant-dataset-'));
  const list = [];
  for (const [name, text] of Object.entries(contents)) {
    await writeFile(join(directory, name), text);
    list.push({ path: join(directory, name), displayFile: name });
  }
  return list;
}

async function collect(iterable: AsyncIterable<EvalCase>): Promise<EvalCase[]> {
  const cases: EvalCase[] = [];
  for await (const item of iterable) cases.push(item);
  return cases;
}

describe('readDataset', () => {
  it('reads CSV with quoted commas, quotes and newlines, and the reserved columns', async () => {
    const list = await files({
      'a.csv':
        'id,question,expected,tags,metadata.source\nq1,"Hello, ""world""\nsecond line",Hi,"smoke; greeting",web\n,plain,,,\n',
    });
    const [first, second] = await collect(readDataset({ files: list }));
    expect(first).toEqual({
      id: 'q1',
      vars: { question: 'Hello, "world"\nsecond line' },
      expected: 'Hi',
      tags: ['smoke', 'greeting'],
      metadata: { source: 'web' },
      source: { file: 'a.csv', line: 2 },
    });
    expect(second?.id).toBe(hashVariables({ question: 'plain' }));
    expect(second?.expected).toBeNull();
  });

  it('reads JSONL with nested values, object expectations and unicode, skipping blank lines', async () => {
    const list = await files({
      'b.jsonl':
        '{"id": 7, "ticket": {"subject": "Zahlung fehlgeschlagen 💳"}, "expected": {"intent": "billing"}, "metadata": {"lang": "de", "n": 2}}\n\n{"ticket": "x", "tags": ["a"]}\n',
    });
    const cases = await collect(readDataset({ files: list }));
    expect(cases[0]).toMatchObject({
      id: '7',
      vars: { ticket: { subject: 'Zahlung fehlgeschlagen 💳' } },
      expected: '{"intent":"billing"}',
      metadata: { lang: 'de', n: '2' },
      source: { file: 'b.jsonl', line: 1 },
    });
    expect(cases[1]).toMatchObject({ tags: ['a'], source: { line: 3 } });
  });

  it('gives a case without id the same id whatever the column order', () => {
    expect(hashVariables({ a: '1', b: '2' })).toBe(hashVariables({ b: '2', a: '1' }));
    expect(hashVariables({ a: '1', b: '2' })).not.toBe(hashVariables({ a: '1', b: '3' }));
  });

  it('names the file and row where a duplicated id was first seen, across files', async () => {
    const list = await files({
      'first.csv': 'id,question\na,one\nb,two\nc,three\n',
      'second.jsonl': '{"id": "x", "question": "four"}\n{"id": "b", "question": "five"}\n',
      'third.csv': 'id,question\nc,six\n',
    });
    const inspection = await inspectDataset({ files: list, requiredVariables: new Map() });
    expect(inspection.issues.map((issue) => [issue.file, issue.row, issue.message])).toEqual([
      [
        'second.jsonl',
        2,
        'duplicates case id "b" first seen at first.csv row 2; case ids must be unique',
      ],
      [
        'third.csv',
        1,
        'duplicates case id "c" first seen at first.csv row 3; case ids must be unique',
      ],
    ]);
  });

  it('streams: a 100,000-row file is inspected and read without holding the rows', async () => {
    const rows = ['id,question'];
    for (let index = 0; index < 100_000; index += 1)
      rows.push(`c${index},question number ${index}`);
    const list = await files({ 'big.csv': `${rows.join('\n')}\n` });
    const inspection = await inspectDataset({
      files: list,
      requiredVariables: new Map([['question', 'prompt "v1"']]),
    });
    expect(inspection).toMatchObject({ caseCount: 100_000, issues: [] });
    let count = 0;
    let last: EvalCase | null = null;
    for await (const item of readDataset({ files: list })) {
      count += 1;
      last = item;
    }
    expect(count).toBe(100_000);
    expect(last?.id).toBe('c99999');
  });
});
