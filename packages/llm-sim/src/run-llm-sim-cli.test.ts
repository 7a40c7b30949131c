import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogError } from './catalog/catalog-error.js';
import { CliUsageError, runLlmSimCli } from './run-llm-sim-cli.js';
import type { LlmSim } from './start-llm-sim.js';

const started: LlmSim[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

describe('sextant-llm-sim command', () => {
  it('starts the simulator from flags and says where it listens', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-sim-cli-'));
    const catalog = join(directory, 'catalog.yaml');
    writeFileSync(catalog, 'models:\n  - name: cli-model\n    faults: { serverError: 1 }\n');
    let output = '';
    const sim = await runLlmSimCli({
      argv: [
        '--port',
        '0',
        '--catalog',
        catalog,
        '--seed',
        '4',
        '--latency-scale',
        '0',
        '--no-faults',
        '--api-key',
        'sk-cli',
      ],
      write: (text) => (output += text),
    });
    expect(sim).not.toBeNull();
    if (!sim) return;
    started.push(sim);
    expect(output).toContain(`listening on ${sim.url}`);
    expect(output).toContain('models: cli-model');
    expect(output).toContain('not real ones');
    const client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-cli', maxRetries: 0 });
    // --no-faults: the catalog's certain 500 is ignored.
    const completion = await client.chat.completions.create({
      model: 'cli-model',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.object).toBe('chat.completion');
    await expect(
      new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-other', maxRetries: 0 }).models.list(),
    ).rejects.toMatchObject({ status: 401 });
    expect(sim.requests).toEqual([]);
  });

  it('prints usage for --help and rejects bad flags with a typed error', async () => {
    let output = '';
    await expect(
      runLlmSimCli({ argv: ['--help'], write: (text) => (output += text) }),
    ).resolves.toBeNull();
    expect(output).toContain('usage: sextant-llm-sim');
    await expect(
      runLlmSimCli({ argv: ['--port', 'eighty'], write: () => undefined }),
    ).rejects.toThrow(new CliUsageError('--port must be a number >= 0, got "eighty"'));
    await expect(
      runLlmSimCli({ argv: ['--colour'], write: () => undefined }),
    ).rejects.toBeInstanceOf(CliUsageError);
    await expect(
      runLlmSimCli({
        argv: ['--port', '0', '--catalog', '/nonexistent/catalog.yaml'],
        write: () => undefined,
      }),
    ).rejects.toBeInstanceOf(CatalogError);
  });
});
