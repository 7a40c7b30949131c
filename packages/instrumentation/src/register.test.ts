import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LlmSim } from '@sextant/llm-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_KEY, OPENAI_KEY, startSim } from './test-support/sim-setup.js';

const run = promisify(execFile);
const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

let sim: LlmSim;
beforeAll(async () => {
  // The spawned Node process loads the built package, so build it from the current sources.
  await run(
    process.execPath,
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: packageDirectory },
  );
  sim = await startSim();
}, 120_000);
afterAll(async () => {
  await sim.close();
});

describe('node --import @sextant/instrumentation/register', () => {
  it('instruments every client an unmodified app creates', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', '@sextant/instrumentation/register', 'src/__fixtures__/register-app.mjs'],
      {
        cwd: packageDirectory,
        env: { ...process.env, SIM_URL: sim.url, OPENAI_KEY, ANTHROPIC_KEY },
      },
    );
    const result = JSON.parse(stdout) as {
      completionId: string;
      chunks: number;
      streamHasController: boolean;
      spans: { name: string; scope: string; attributes: Record<string, unknown> }[];
    };
    const ours = result.spans.filter((span) => span.scope === '@sextant/instrumentation');
    expect(ours.map((span) => span.name)).toEqual([
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'chat claude-3-5-haiku-20241022',
    ]);
    expect(ours[0]?.attributes['gen_ai.response.id']).toBe(result.completionId);
    expect(ours[1]?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(ours[2]?.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(result.chunks).toBeGreaterThan(0);
    expect(result.streamHasController).toBe(true);
    expect(sim.requests).toHaveLength(3);
  });
});
