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

describe('label', () => {
  const labels = ['billing', 'bug', 'account access'];

  it('maps a whole answer to a label despite quotes, case and punctuation', async () => {
    expect(
      (
        await scoreWith({
          type: 'label',
          options: { labels },
          input: { output: '"Billing".', expected: 'billing' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'label',
          options: { labels },
          input: { output: '**Account Access**', expected: 'account access' },
        })
      ).passed,
    ).toBe(true);
  });

  it('accepts one label named in a sentence, not two', async () => {
    expect(
      (
        await scoreWith({
          type: 'label',
          options: { labels },
          input: { output: 'This is a bug report.', expected: 'bug' },
        })
      ).passed,
    ).toBe(true);
    const two = await scoreWith({
      type: 'label',
      options: { labels },
      input: { output: 'billing or bug', expected: 'bug' },
    });
    expect(two.passed).toBe(false);
    expect(two.reason).toContain('not one of 3 labels');
  });

  it('does not take a word that merely contains a label', async () => {
    expect(
      (
        await scoreWith({
          type: 'label',
          options: { labels },
          input: { output: 'debugging', expected: 'bug' },
        })
      ).passed,
    ).toBe(false);
  });

  it('reports the wrong label it found', async () => {
    const wrong = await scoreWith({
      type: 'label',
      options: { labels },
      input: { output: 'bug', expected: 'billing' },
    });
    expect(wrong.reason).toBe('label "bug", expected "billing"');
  });
});

describe('refusal', () => {
  it('detects refusal phrases at the start, curly apostrophes included', async () => {
    expect(
      (
        await scoreWith({
          type: 'refusal',
          input: { output: 'I’m sorry, but I can’t help with that.' },
        })
      ).passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'refusal',
          input: { output: "I can't assist with making weapons." },
        })
      ).passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'refusal', input: { output: 'Sure! Here is the summary.' } }))
        .passed,
    ).toBe(false);
    expect((await scoreWith({ type: 'refusal', input: { output: '' } })).passed).toBe(false);
  });

  it('counts a content filter finish as a refusal, and takes extra phrases', async () => {
    expect(
      (await scoreWith({ type: 'refusal', input: { output: '', finishReason: 'content_filter' } }))
        .passed,
    ).toBe(true);
    expect(
      (
        await scoreWith({
          type: 'refusal',
          options: { phrases: ['Das kann ich nicht'] },
          input: { output: 'Das kann ich nicht tun.' },
        })
      ).passed,
    ).toBe(true);
  });
});

describe('tool-call', () => {
  const toolCalls = [{ name: 'lookup_order', arguments: '{"orderId": "A-17", "verbose": true}' }];

  it('passes when the tool was called with matching values and schema', async () => {
    const options = {
      tool: 'lookup_order',
      arguments: { orderId: '{{order}}' },
      schema: {
        type: 'object',
        required: ['orderId'],
        properties: { orderId: { type: 'string', pattern: '^A-' } },
      },
    };
    expect(
      (
        await scoreWith({
          type: 'tool-call',
          options,
          input: { toolCalls, vars: { order: 'A-17' } },
        })
      ).passed,
    ).toBe(true);
    const wrong = await scoreWith({
      type: 'tool-call',
      options,
      input: { toolCalls, vars: { order: 'B-2' } },
    });
    expect(wrong).toMatchObject({ passed: false, score: 0.5 });
    expect(wrong.reason).toContain('orderId');
  });

  it('scores 0 when the tool was not called, naming what was', async () => {
    const result = await scoreWith({
      type: 'tool-call',
      options: { tool: 'refund' },
      input: { toolCalls },
    });
    expect(result).toMatchObject({
      score: 0,
      passed: false,
      reason: 'refund was not called (called: lookup_order)',
    });
  });

  it('fails arguments that are not JSON', async () => {
    const result = await scoreWith({
      type: 'tool-call',
      options: { tool: 'f', arguments: { a: 1 } },
      input: { toolCalls: [{ name: 'f', arguments: '{a:1' }] },
    });
    expect(result.reason).toContain('not valid JSON');
  });
});

describe('latency and cost', () => {
  it('threshold the call', async () => {
    expect(
      (await scoreWith({ type: 'latency', options: { maxMs: 500 }, input: { latencyMs: 499 } }))
        .passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'latency', options: { maxMs: 500 }, input: { latencyMs: 501 } }))
        .passed,
    ).toBe(false);
    expect(
      (await scoreWith({ type: 'cost', options: { maxUsd: 0.01 }, input: { costUsd: 0.002 } }))
        .passed,
    ).toBe(true);
    expect(
      (await scoreWith({ type: 'cost', options: { maxUsd: 0.001 }, input: { costUsd: 0.002 } }))
        .passed,
    ).toBe(false);
  });

  it('fails an unknown price instead of treating it as free', async () => {
    const result = await scoreWith({
      type: 'cost',
      options: { maxUsd: 1 },
      input: { costUsd: null },
    });
    expect(result).toMatchObject({ passed: false });
    expect(result.reason).toContain('price unknown');
  });
});
