import { describe, expect, it } from 'vitest';
import { scoreWith } from '../test-support/score-with.js';

describe('equals', () => {
  it('compares with expected after trimming, and is case-sensitive by default', async () => {
    expect(
      (await scoreWith({ type: 'equals', input: { output: ' Paris\n', expected: 'Paris' } }))
        .passed,
    ).toBe(true);
    const wrongCase = await scoreWith({
      type: 'equals',
      input: { output: 'paris', expected: 'Paris' },
    });
    expect(wrongCase).toMatchObject({ score: 0, passed: false });
    expect(wrongCase.reason).toContain('"Paris"');
  });

  it('normalises case, whitespace and punctuation on request', async () => {
    const options = { ignoreCase: true, collapseWhitespace: true, stripPunctuation: true };
    expect(
      (
        await scoreWith({
          type: 'equals',
          options,
          input: { output: 'New   York!', expected: 'new york' },
        })
      ).passed,
    ).toBe(true);
  });

  it('treats composed and decomposed unicode as equal', async () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(
      (await scoreWith({ type: 'equals', input: { output: decomposed, expected: composed } }))
        .passed,
    ).toBe(true);
  });

  it('renders a value template per case, and fails clearly with no expected value', async () => {
    const templated = await scoreWith({
      type: 'equals',
      options: { value: '{{city}}' },
      input: { output: 'Oslo', vars: { city: 'Oslo' } },
    });
    expect(templated.passed).toBe(true);
    const missing = await scoreWith({ type: 'equals', input: { output: 'x', expected: null } });
    expect(missing).toMatchObject({ passed: false, score: 0 });
    expect(missing.reason).toContain('no expected value');
  });

  it('fails an empty output against a non-empty expectation', async () => {
    expect(
      (await scoreWith({ type: 'equals', input: { output: '', expected: 'yes' } })).passed,
    ).toBe(false);
  });
});

describe('contains family', () => {
  it('contains is case-sensitive, icontains is not', async () => {
    expect(
      (
        await scoreWith({
          type: 'contains',
          input: { output: 'The Answer is 42', expected: 'answer' },
        })
      ).passed,
    ).toBe(false);
    expect(
      (
        await scoreWith({
          type: 'icontains',
          input: { output: 'The Answer is 42', expected: 'answer' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'icontains', input: { output: 'STRASSE', expected: 'strasse' } }))
        .passed,
    ).toBe(true);
  });

  it('contains-any passes on one value; contains-all scores the share found', async () => {
    const values = ['refund', 'invoice', 'billing'];
    expect(
      (
        await scoreWith({
          type: 'contains-any',
          options: { values },
          input: { output: 'about my invoice' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'contains-any', options: { values }, input: { output: '' } }))
        .passed,
    ).toBe(false);
    const partial = await scoreWith({
      type: 'contains-all',
      options: { values },
      input: { output: 'refund the invoice' },
    });
    expect(partial.passed).toBe(false);
    expect(partial.score).toBeCloseTo(2 / 3, 10);
    expect(partial.reason).toContain('"billing"');
    const all = await scoreWith({
      type: 'contains-all',
      options: { values, ignoreCase: true },
      input: { output: 'REFUND, INVOICE, BILLING' },
    });
    expect(all).toMatchObject({ passed: true, score: 1 });
  });

  it('starts-with ignores leading whitespace and optionally case', async () => {
    expect(
      (
        await scoreWith({
          type: 'starts-with',
          input: { output: '  Yes, because', expected: 'Yes' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'starts-with', input: { output: 'yes', expected: 'Yes' } })).passed,
    ).toBe(false);
    expect(
      (
        await scoreWith({
          type: 'starts-with',
          options: { ignoreCase: true },
          input: { output: 'yes', expected: 'Yes' },
        })
      ).passed,
    ).toBe(true);
  });
});

describe('regex', () => {
  it('matches with flags, and gives the same answer on every case (no lastIndex state)', async () => {
    const options = { pattern: '^order #\\d{4}$', flags: 'i' };
    for (let index = 0; index < 3; index += 1) {
      expect(
        (await scoreWith({ type: 'regex', options, input: { output: 'ORDER #1234' } })).passed,
      ).toBe(true);
    }
    expect(
      (await scoreWith({ type: 'regex', options, input: { output: 'order #12' } })).passed,
    ).toBe(false);
  });

  it('matches unicode with the u flag', async () => {
    expect(
      (
        await scoreWith({
          type: 'regex',
          options: { pattern: '^\\p{Lu}', flags: 'u' },
          input: { output: 'Élan' },
        })
      ).passed,
    ).toBe(true);
  });

  it('rejects an invalid pattern and the stateful g flag when the suite loads', async () => {
    await expect(
      scoreWith({ type: 'regex', options: { pattern: '(' }, input: {} }),
    ).rejects.toThrow(/pattern is not a valid regular expression/);
    await expect(
      scoreWith({ type: 'regex', options: { pattern: 'a', flags: 'g' }, input: {} }),
    ).rejects.toThrow(/options rejected/);
  });
});

describe('similarity', () => {
  it('scores 1 − distance ÷ longer length and passes at the threshold', async () => {
    const result = await scoreWith({
      type: 'similarity',
      options: { threshold: 0.8 },
      input: { output: 'kitten', expected: 'sitting' },
    });
    expect(result.score).toBeCloseTo(1 - 3 / 7, 10);
    expect(result.passed).toBe(false);
    const close = await scoreWith({
      type: 'similarity',
      input: { output: 'colour', expected: 'color' },
    });
    expect(close.score).toBeCloseTo(1 - 1 / 6, 10);
    expect(close.passed).toBe(true);
  });

  it('treats two empty strings as identical and one empty string as nothing alike', async () => {
    expect(
      (await scoreWith({ type: 'similarity', options: { value: '' }, input: { output: '' } }))
        .score,
    ).toBe(1);
    expect(
      (await scoreWith({ type: 'similarity', input: { output: '', expected: 'abc' } })).score,
    ).toBe(0);
  });
});

describe('length', () => {
  it('counts characters as code points, so an emoji is one character', async () => {
    const result = await scoreWith({
      type: 'length',
      options: { max: 3 },
      input: { output: 'a😀b' },
    });
    expect(result).toMatchObject({ passed: true });
    expect(result.reason).toContain('3 characters');
  });

  it('counts words, including non-Latin scripts', async () => {
    expect(
      (
        await scoreWith({
          type: 'length',
          options: { unit: 'words', min: 2, max: 3 },
          input: { output: 'Привет, мир' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'length',
          options: { unit: 'words', min: 1 },
          input: { output: '' },
        })
      ).passed,
    ).toBe(false);
  });

  it('refuses bounds that cannot be met', async () => {
    await expect(
      scoreWith({ type: 'length', options: { min: 5, max: 2 }, input: {} }),
    ).rejects.toThrow(/min/);
    await expect(scoreWith({ type: 'length', options: {}, input: {} })).rejects.toThrow(
      /set `min`, `max`/,
    );
  });
});
