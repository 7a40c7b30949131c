import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSim } from '../test-support/start-test-sim.js';
import { CatalogError } from './catalog-error.js';
import { checkCatalog, loadDefaultCatalog, parseCatalogYaml } from './load-catalog.js';

describe('catalog loading', () => {
  it('ships a default catalog with the demo tiers and the triage rule', () => {
    const catalog = loadDefaultCatalog();
    const names = catalog.models.map((model) => model.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'sim-premium',
        'sim-balanced',
        'sim-budget',
        'gpt-4o-mini',
        'claude-3-5-haiku-20241022',
      ]),
    );
    expect(catalog.rules?.map((rule) => rule.name)).toContain('support-triage');
  });

  it('names the file, line and field of a bad value, and what is expected', () => {
    const text = [
      'models:',
      '  - name: a',
      '  - name: b',
      '    faults:',
      '      rateLimit: 2',
      '',
    ].join('\n');
    let error: unknown;
    try {
      parseCatalogYaml({ text, source: 'catalog.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect(error).toMatchObject({
      source: 'catalog.yaml',
      line: 5,
      field: 'models[1].faults.rateLimit',
    });
    expect((error as Error).message).toBe(
      'catalog.yaml:5: models[1].faults.rateLimit: must be a number between 0 and 1, got 2',
    );
  });

  it('reports YAML syntax errors, unknown fault kinds, bad patterns and missing fields', () => {
    expect(() => parseCatalogYaml({ text: 'models: [\n', source: 'broken.yaml' })).toThrow(
      /broken\.yaml:\d+: \(document\): is not valid YAML/,
    );
    expect(() =>
      checkCatalog({ catalog: { models: [{ name: 'a', faults: { timeout: 0.1 } }] } }),
    ).toThrow('catalog object: models[0].faults.timeout: unknown fault kind');
    expect(() =>
      checkCatalog({ catalog: { models: [], rules: [{ name: 'r', match: '(', answer: 'x' }] } }),
    ).toThrow(/rules\[0\]\.match: is not a valid regular expression/);
    expect(() => checkCatalog({ catalog: { models: [{ provider: 'openai' }] } })).toThrow(
      'catalog object: models[0].name: must be a non-empty string, got nothing (the field is missing)',
    );
    expect(() =>
      checkCatalog({
        catalog: { models: [{ name: 'a', latency: { ttftMs: { median: 10, p95: 5 } } }] },
      }),
    ).toThrow(/latency\.ttftMs\.p95: must be at least the median/);
  });

  it('starts from a YAML file, and extends the default catalog when asked', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-sim-catalog-'));
    const path = join(directory, 'catalog.yaml');
    writeFileSync(
      path,
      'models:\n  - name: only-model\n    provider: openai\n    outputTokens: { median: 1, p95: 1 }\nfallback: "fixed answer from {{model}}"\n',
    );
    const fromFile = await startTestSim({ catalog: path });
    expect(fromFile.sim.models).toEqual(['only-model']);
    const completion = await fromFile.openai.chat.completions.create({
      model: 'only-model',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0]?.message.content).toBe('fixed answer from only-model');
    const extended = await startTestSim({
      catalog: {
        extendsDefault: true,
        models: [{ name: 'sim-budget', accuracy: 1 }, { name: 'extra' }],
      },
    });
    expect(extended.sim.models).toEqual(
      expect.arrayContaining(['sim-premium', 'sim-budget', 'extra']),
    );
    // The replaced sim-budget has no faults and answers the triage rule from the default catalog.
    const triage = await extended.openai.chat.completions.create({
      model: 'sim-budget',
      messages: [
        { role: 'system', content: 'Triage the ticket.' },
        { role: 'user', content: 'My parcel tracking shows nothing, no rush' },
      ],
    });
    expect(JSON.parse(triage.choices[0]?.message.content ?? '')).toEqual({
      intent: 'shipping',
      priority: 'low',
      needs_human: false,
    });
  });
});
