import type { ReporterInput } from '@sextant/eval';
import type { OutputRequest } from './parse-output-option.js';
import { writeOutputs } from './write-outputs.js';

/**
 * What `eval`, `report` and `compare` print: the terminal report, an optional note after it,
 * then the `--out` files (and the step summary when `environment` names one) and where they went.
 */
export async function showReport(options: {
  input: ReporterInput;
  color: boolean;
  note?: string;
  outputs: readonly OutputRequest[];
  suite: string;
  several: boolean;
  cwd: string;
  stdout: NodeJS.WritableStream;
  environment: Readonly<Record<string, string | undefined>>;
}): Promise<void> {
  const { renderReport } = await import('@sextant/eval');
  const { input, stdout } = options;
  stdout.write(
    await renderReport({ reporter: 'terminal', input, options: { color: options.color } }),
  );
  if (options.note !== undefined) stdout.write(options.note);
  const written = await writeOutputs({
    input,
    requests: options.outputs,
    suite: options.suite,
    several: options.several,
    cwd: options.cwd,
    stdout,
    environment: options.environment,
  });
  for (const line of written) stdout.write(`Wrote ${line}\n`);
}
