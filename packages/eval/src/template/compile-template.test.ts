import { describe, expect, it } from 'vitest';
import { compileTemplate, templateVariables } from './compile-template.js';

describe('compileTemplate', () => {
  const vars: Record<string, unknown> = {
    name: 'Zoë',
    ticket: { subject: 'Refund', tags: ['a'] },
    count: 3,
    empty: null,
  };
  const lookup = (name: string): unknown => vars[name];

  it('renders variables, dotted paths, non-strings as JSON and missing values as empty', () => {
    const template = compileTemplate(
      'Hi {{ name }} re {{ticket.subject}} ({{count}}) {{ticket.tags}} [{{empty}}] [{{nope.deep}}]',
    );
    expect(template.variables).toEqual(['name', 'ticket', 'count', 'empty', 'nope']);
    expect(template.render(lookup)).toBe('Hi Zoë re Refund (3) ["a"] [] []');
  });

  it('leaves text without variables alone, and single braces too', () => {
    const template = compileTemplate('JSON like {"a": 1} stays');
    expect(template.variables).toEqual([]);
    expect(template.render(lookup)).toBe('JSON like {"a": 1} stays');
  });

  it('finds variables inside nested option values', () => {
    expect([...templateVariables({ a: ['{{x}}', { b: '{{y.z}} {{x}}' }], c: 3 })]).toEqual([
      'x',
      'y',
    ]);
  });
});
