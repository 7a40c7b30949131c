import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLlmSim } from '@sextant/llm-sim';
import { describe, expect, it } from 'vitest';
import { defaultProviderRegistry } from '../providers/provider-registry.js';
import { ModelCaller } from '../runner/model-caller.js';
import { prepareScorer, scoreInput, scoreWith } from '../test-support/score-with.js';

describe('llm-judge', () => {
  it('grades through a pinned judge model, thresholds the score (not the judge’s pass flag) and prices the judge apart', async () => {
    // Simulated judge answers (llm-sim rules): a high score with pass=false, a low one with pass=true.
    const sim = await startLlmSim({
      port: 0,
      seed: 1,
      catalog: {
        models: [{ name: 'sim-judge', accuracy: 1 }],
        rules: [
          {
            name: 'good',
            systemMatch: 'grade the output',
            match: 'Output to grade:\\s+Paris',
            answer: '{"reasoning":"names the capital","score":9,"pass":false}',
          },
          {
            name: 'bad',
            systemMatch: 'grade the output',
            match: 'Output to grade:',
            answer: '{"reasoning":"wrong city","score":2,"pass":true}',
          },
        ],
      },
    });
    const caller = new ModelCaller({
      providers: defaultProviderRegistry,
      environment: { JUDGE_KEY: 'sk-judge-key-123456789' },
      suiteDirectory: process.cwd(),
      timeoutMs: 5000,
      limits: {},
      concurrency: 4,
      signal: new AbortController().signal,
      attributes: {},
    });
    try {
      const judge = await prepareScorer({
        type: 'llm-judge',
        callModel: caller.callModel,
        options: {
          rubric: 'The answer names the capital of {{country}}.',
          threshold: 0.7,
          judge: {
            provider: 'openai',
            model: 'sim-judge',
            baseURL: `${sim.url}/v1`,
            apiKeyEnv: 'JUDGE_KEY',
            price: { inputPerMillion: 5, outputPerMillion: 20 },
          },
        },
      });
      const good = await judge.score(
        scoreInput({
          output: 'Paris',
          vars: { country: 'France' },
          messages: [{ role: 'user', content: 'Capital of France?' }],
        }),
      );
      expect(good).toMatchObject({
        score: 0.9,
        passed: true,
        reason: 'judge 9/10: names the capital',
      });
      expect(good.judge?.inputTokens).toBeGreaterThan(0);
      expect(good.judge?.costUsd).toBeCloseTo(
        ((good.judge?.inputTokens ?? 0) * 5 + (good.judge?.outputTokens ?? 0) * 20) / 1e6,
        12,
      );
      const bad = await judge.score(scoreInput({ output: 'Lyon', vars: { country: 'France' } }));
      expect(bad).toMatchObject({ score: 0.2, passed: false });

      // The judge asked for structured output and saw the rubric rendered for the case.
      expect(sim.requests.every((request) => request.model === 'sim-judge')).toBe(true);
    } finally {
      await caller.close();
      await sim.close();
    }
  });

  it('turns a failed judge call into an error, not a failing score', async () => {
    const sim = await startLlmSim({
      port: 0,
      seed: 1,
      catalog: { models: [{ name: 'sim-judge', faults: { serverError: 1 } }] },
    });
    const caller = new ModelCaller({
      providers: defaultProviderRegistry,
      environment: {},
      suiteDirectory: process.cwd(),
      timeoutMs: 5000,
      limits: {},
      concurrency: 1,
      signal: new AbortController().signal,
      attributes: {},
    });
    try {
      const judge = await prepareScorer({
        type: 'llm-judge',
        callModel: caller.callModel,
        options: {
          rubric: 'Is it polite?',
          judge: {
            provider: 'openai',
            model: 'sim-judge',
            baseURL: `${sim.url}/v1`,
            maxRetries: 0,
          },
        },
      });
      const result = await judge.score(scoreInput({ output: 'Thanks!' }));
      expect(result.passed).toBe(false);
      expect(result.error?.type).toBe('judge_server_error');
    } finally {
      await caller.close();
      await sim.close();
    }
  });
});

describe('javascript', () => {
  it('calls the user function with the case and accepts numbers, booleans and objects', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sextant-js-scorer-'));
    await writeFile(
      join(directory, 'score.mjs'),
      [
        'export default ({ output, expected, options }) => output.length / options.scale;',
        'export const exact = ({ output, expected }) => output === expected;',
        'export const detailed = ({ vars }) => ({ score: 0.25, reason: `saw ${vars.city}` });',
        "export const broken = () => { throw new Error('boom'); };",
      ].join('\n'),
    );
    const score = (options: Record<string, unknown>, input: Parameters<typeof scoreInput>[0]) =>
      scoreWith({
        type: 'javascript',
        suiteDirectory: directory,
        options: { module: './score.mjs', ...options },
        input,
      });
    expect(await score({ options: { scale: 10 } }, { output: 'abcdef' })).toMatchObject({
      score: 0.6,
      passed: true,
    });
    expect(
      await score({ options: { scale: 10 }, threshold: 0.7 }, { output: 'abcdef' }),
    ).toMatchObject({ passed: false });
    expect(await score({ export: 'exact' }, { output: 'x', expected: 'x' })).toMatchObject({
      score: 1,
      passed: true,
    });
    expect(await score({ export: 'detailed' }, { vars: { city: 'Kyiv' } })).toMatchObject({
      score: 0.25,
      passed: false,
      reason: 'saw Kyiv',
    });
    expect(await score({ export: 'broken' }, {})).toMatchObject({
      passed: false,
      reason: 'scorer function threw: boom',
    });
    await expect(score({ export: 'missing' }, {})).rejects.toThrow(/no function export "missing"/);
  });

  it('names a module that fails to load', async () => {
    // (A TypeScript module is tested through the CLI binary: under vitest, Vite imports .ts.)
    const directory = await mkdtemp(join(tmpdir(), 'sextant-js-scorer-'));
    await writeFile(join(directory, 'broken.mjs'), 'export default (;\n');
    await expect(
      scoreWith({
        type: 'javascript',
        suiteDirectory: directory,
        options: { module: './broken.mjs' },
        input: {},
      }),
    ).rejects.toThrow(/javascript scorer: module \.\/broken\.mjs failed to load: .+/);
  });
});
