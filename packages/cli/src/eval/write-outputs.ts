/**
 * Writes the reports asked for with `--out`, and appends the Markdown report to the file named
 * by GITHUB_STEP_SUMMARY when it is set (GitHub Actions shows it on the run's summary page).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReporterInput } from '@sextant/eval';
import { CliUserError } from '../user-error.js';
import { outputPath } from './parse-output-option.js';
import type { OutputRequest } from './parse-output-option.js';

export async function writeOutputs(options: {
  input: ReporterInput;
  requests: readonly OutputRequest[];
  suite: string;
  several: boolean;
  cwd: string;
  stdout: NodeJS.WritableStream;
  environment: Readonly<Record<string, string | undefined>>;
}): Promise<string[]> {
  const { renderReport, writeReport } = await import('@sextant/eval');
  const written: string[] = [];
  for (const request of options.requests) {
    const path = outputPath({
      request,
      suite: options.suite,
      several: options.several,
      cwd: options.cwd,
    });
    if (path === '-') {
      options.stdout.write(await renderReport({ reporter: request.format, input: options.input }));
      continue;
    }
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeReport({ reporter: request.format, input: options.input, path });
    } catch (error) {
      throw new CliUserError(
        `--out ${request.format}=${request.path}: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose a writable path`,
      );
    }
    written.push(`${request.format}: ${path}`);
  }
  const summary = options.environment['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') {
    const markdown = await renderReport({ reporter: 'markdown', input: options.input });
    try {
      await appendFile(summary, `${markdown}\n`);
      written.push(`markdown: appended to GITHUB_STEP_SUMMARY`);
    } catch (error) {
      throw new CliUserError(
        `GITHUB_STEP_SUMMARY=${summary}: cannot append the Markdown report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  return written;
}
