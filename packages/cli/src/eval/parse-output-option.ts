/**
 * `--out FORMAT=PATH` (repeatable): json, junit, markdown, csv or terminal, written to PATH, or
 * to stdout with PATH `-`. When one command writes several reports (several suites), `{suite}`
 * in PATH is replaced by the suite name; without it the name is inserted before the extension
 * (`results.json` → `results.triage.json`) so that no report overwrites another.
 */
import { basename, extname, join, dirname, resolve } from 'node:path';
import { CliUserError } from '../user-error.js';

export const OUTPUT_FORMATS = ['json', 'junit', 'markdown', 'csv', 'terminal'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputRequest {
  format: OutputFormat;
  /** As given; `-` is stdout. */
  path: string;
}

export function parseOutputOptions(values: readonly string[]): OutputRequest[] {
  return values.map((value) => {
    const separator = value.indexOf('=');
    const format = separator < 0 ? value : value.slice(0, separator);
    const path = separator < 0 ? '' : value.slice(separator + 1);
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format) || path === '') {
      throw new CliUserError(
        `--out ${value}: expected FORMAT=PATH with FORMAT one of ${OUTPUT_FORMATS.join(', ')} ` +
          'and PATH a file or - for stdout, e.g. --out json=results.json --out junit=junit.xml',
      );
    }
    return { format: format as OutputFormat, path };
  });
}

/** The file a report goes to (absolute), or `-`. */
export function outputPath(options: {
  request: OutputRequest;
  suite: string;
  /** More than one report will be written with this request. */
  several: boolean;
  cwd: string;
}): string {
  const { request, suite, several, cwd } = options;
  if (request.path === '-') return '-';
  let path = request.path.replaceAll('{suite}', suite);
  if (several && !request.path.includes('{suite}')) {
    const extension = extname(path);
    path = join(dirname(path), `${basename(path, extension)}.${suite}${extension}`);
  }
  return resolve(cwd, path);
}
