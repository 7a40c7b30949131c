import { describe, expect, it } from 'vitest';
import { redactText, redactedJson } from './redact-content.js';

describe('redactText', () => {
  it.each([
    ['mail me at jane.doe+work@example.co.uk today', 'mail me at [REDACTED:email] today'],
    ['call +1 (415) 555-0134 now', 'call [REDACTED:phone] now'],
    ['ring +44 20 7946 0958.', 'ring [REDACTED:phone].'],
    ['card 4111 1111 1111 1111 exp', 'card [REDACTED:card] exp'],
    ['key sk-proj-abcdefghijklmnop1234567890 here', 'key [REDACTED:api_key] here'],
    ['anthropic sk-ant-api03-AbCdEfGhIjKlMnOpQrSt', 'anthropic [REDACTED:api_key]'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', 'Authorization: [REDACTED:api_key]'],
  ])('redacts %j', (input, expected) => {
    expect(redactText(input, [])).toBe(expected);
  });

  it('keeps numbers that are not cards or phones', () => {
    expect(redactText('order 1234 of 2024-05-01 costs 19.99', [])).toBe(
      'order 1234 of 2024-05-01 costs 19.99',
    );
    expect(redactText('pi is 3.14159265358979', [])).toBe('pi is 3.14159265358979');
    // 16 digits failing the Luhn check are not a card number
    expect(redactText('id 1234567812345678', [])).not.toContain('[REDACTED:card]');
  });

  it('applies user patterns, with or without the g flag', () => {
    expect(redactText('ticket ACME-1 and ACME-22', [/ACME-\d+/])).toBe(
      'ticket [REDACTED] and [REDACTED]',
    );
  });
});

describe('redactedJson', () => {
  it('stays valid JSON under the size cap', () => {
    const messages = [{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(10_000) }] }];
    const json = redactedJson(messages, { patterns: [], maxBytes: 1000 });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(1000);
    const parsed = JSON.parse(json) as { parts: { content: string }[] }[];
    expect(parsed[0]?.parts[0]?.content).toMatch(/^x+…\[truncated\]$/);
  });

  it('redacts inside nested message parts', () => {
    const json = redactedJson(
      [{ role: 'user', parts: [{ type: 'text', content: 'I am bob@example.com' }] }],
      {
        patterns: [],
        maxBytes: 10_000,
      },
    );
    expect(json).toBe(
      '[{"role":"user","parts":[{"type":"text","content":"I am [REDACTED:email]"}]}]',
    );
  });
});
