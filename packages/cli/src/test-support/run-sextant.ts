/**
 * Spawns the real built binary (`node packages/cli/bin/sextant.js`) the way a user or CI does:
 * pipes for stdout and stderr (so never a TTY), the given working directory and environment.
 * The root `pnpm test` builds every package first; run `pnpm build` before running these alone.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEXTANT_BIN = fileURLToPath(new URL('../../bin/sextant.js', import.meta.url));
const BUILT_ENTRY = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface SextantRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runSextant(options: {
  args: readonly string[];
  cwd: string;
  environment?: Record<string, string | undefined>;
  timeoutMs?: number;
}): Promise<SextantRun> {
  if (!existsSync(BUILT_ENTRY)) {
    throw new Error(
      `${BUILT_ENTRY} is missing: run \`pnpm build\` (the root \`pnpm test\` does) before the CLI tests`,
    );
  }
  const environment: Record<string, string | undefined> = {
    ...process.env,
    ...options.environment,
  };
  // The tests' own settings must not leak into the binary's behaviour.
  for (const name of [
    'SEXTANT_CLICKHOUSE_URL',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'GITHUB_STEP_SUMMARY',
    'GITHUB_SHA',
    'GITHUB_HEAD_REF',
    'GITHUB_REF_NAME',
    'FORCE_COLOR',
  ]) {
    if (!(options.environment && name in options.environment)) delete environment[name];
  }
  const child = spawn(process.execPath, [SEXTANT_BIN, ...options.args], {
    cwd: options.cwd,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal === null ? -1 : 128)));
  });
  clearTimeout(timeout);
  return { exitCode, stdout, stderr };
}

/** Any C0 control character but newline, or DEL: escape sequences, carriage returns, backspaces. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
export const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f]/;
