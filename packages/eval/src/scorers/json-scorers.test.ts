import { describe, expect, it } from 'vitest';
import { scoreWith } from '../test-support/score-with.js';

describe('json-valid', () => {
  it('accepts JSON, rejects empty and broken output with the parser message', async () => {
    expect(
      (await scoreWith({ type: 'json-valid', input: { output: '{"a": [1, "é"]}' } })).passed,
    ).toBe(true);
    const empty = await scoreWith({ type: 'json-valid', input: { output: '   ' } });
    expect(empty).toMatchObject({ passed: false, reason: 'output is empty' });
    const broken = await scoreWith({ type: 'json-valid', input: { output: '{"a": 1,}' } });
    expect(broken.passed).toBe(false);
    expect(broken.reason).toMatch(/not valid JSON/);
  });

  it('accepts a fenced block only with extract', async () => {
    const fenced = '```json\n{"ok": true}\n```';
    expect((await scoreWith({ type: 'json-valid', input: { output: fenced } })).passed).toBe(false);
    expect(
      (
        await scoreWith({
          type: 'json-valid',
          options: { extract: true },
          input: { output: fenced },
        })
      ).passed,
    ).toBe(true);
  });
});

describe('json-schema', () => {
  const schema = {
    type: 'object',
    required: ['intent', 'priority'],
    additionalProperties: false,
    properties: {
      intent: { enum: ['billing', 'bug', 'account'] },
      priority: { type: 'integer', minimum: 1, maximum: 4 },
      email: { type: 'string', format: 'email' },
    },
  };

  it('validates with a real JSON Schema validator, formats included', async () => {
    expect(
      (
        await scoreWith({
          type: 'json-schema',
          options: { schema },
          input: { output: '{"intent":"bug","priority":2}' },
        })
      ).passed,
    ).toBe(true);
    const bad = await scoreWith({
      type: 'json-schema',
      options: { schema },
      input: { output: '{"intent":"bug","priority":9}' },
    });
    expect(bad.passed).toBe(false);
    expect(bad.reason).toContain('/priority');
    const email = await scoreWith({
      type: 'json-schema',
      options: { schema },
      input: { output: '{"intent":"bug","priority":1,"email":"nope"}' },
    });
    expect(email.reason).toContain('format');
  });

  it('fails invalid JSON before validating', async () => {
    expect(
      (
        await scoreWith({
          type: 'json-schema',
          options: { schema },
          input: { output: 'intent: bug' },
        })
      ).reason,
    ).toMatch(/not valid JSON/);
  });

  it('refuses an invalid schema when the suite loads', async () => {
    await expect(
      scoreWith({ type: 'json-schema', options: { schema: { type: 'nonsense' } }, input: {} }),
    ).rejects.toThrow(/not a valid JSON Schema/);
    await expect(scoreWith({ type: 'json-schema', options: {}, input: {} })).rejects.toThrow(
      /exactly one of/,
    );
  });
});

describe('json-path-equals', () => {
  it('compares a field with a literal, a template, or the same field of expected JSON', async () => {
    const output = '{"ticket": {"intent": "Billing", "tags": ["a", "b"]}, "review": false}';
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: '$.ticket.intent', value: 'Billing' },
          input: { output },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: 'ticket.tags[1]', value: '{{tag}}' },
          input: { output, vars: { tag: 'b' } },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: 'review' },
          input: { output, expected: '{"review": false}' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: 'review', value: 'false' },
          input: { output },
        })
      ).passed,
    ).toBe(true);
  });

  it('folds case on request and reports what it found', async () => {
    const output = '{"intent": "Billing"}';
    const strict = await scoreWith({
      type: 'json-path-equals',
      options: { path: 'intent', value: 'billing' },
      input: { output },
    });
    expect(strict.passed).toBe(false);
    expect(strict.reason).toBe('intent is "Billing", expected "billing"');
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: 'intent', value: 'billing', ignoreCase: true },
          input: { output },
        })
      ).passed,
    ).toBe(true);
  });

  it('fails on a missing field and on invalid JSON', async () => {
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: 'missing', value: 1 },
          input: { output: '{}' },
        })
      ).reason,
    ).toBe('output has no missing');
    expect(
      (
        await scoreWith({
          type: 'json-path-equals',
          options: { path: 'a', value: 1 },
          input: { output: '' },
        })
      ).reason,
    ).toBe('output is empty');
  });
});

describe('numeric', () => {
  it('reads the first number, thousands separators included, within a tolerance', async () => {
    expect(
      (
        await scoreWith({
          type: 'numeric',
          input: { output: 'The total is 1,234.5 EUR', expected: '1234.5' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'numeric',
          options: { tolerance: 0.01 },
          input: { output: '3.14159', expected: '3.14' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'numeric',
          options: { relativeTolerance: 0.05 },
          input: { output: '104', expected: '100' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'numeric', input: { output: '-7', expected: '7' } })).passed,
    ).toBe(false);
  });

  it('fails clearly without a number', async () => {
    expect(
      (await scoreWith({ type: 'numeric', input: { output: 'twelve', expected: '12' } })).reason,
    ).toContain('has no number');
    expect(
      (await scoreWith({ type: 'numeric', input: { output: '12', expected: 'n/a' } })).reason,
    ).toContain('is not a number');
  });
});
