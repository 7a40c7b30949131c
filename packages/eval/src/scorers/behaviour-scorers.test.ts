import { describe, expect, it } from 'vitest';
import { scoreWith } from '../test-support/score-with.js';

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
