import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvReporter } from './csv-reporter.js';
import { jsonReporter } from './json-reporter.js';
import { junitReporter } from './junit-reporter.js';
import { markdownReporter } from './markdown-reporter.js';
import type { Reporter, ReporterInput, ReporterOptions } from './reporter.js';
import { terminalReporter } from './terminal-reporter.js';

/** The built-in reporters by name; the CLI's `--out <name>` choices are these keys. */
export const REPORTERS = {
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  csv: csvReporter,
  terminal: terminalReporter,
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

export interface RenderReportOptions {
  reporter: ReporterName;
  input: ReporterInput;
  options?: ReporterOptions;
}

/** The whole document as one string (for stdout, a PR comment, tests). */
export async function renderReport(options: RenderReportOptions): Promise<string> {
  let text = '';
  for await (const chunk of REPORTERS[options.reporter].render(
    options.input,
    options.options ?? {},
  )) {
    text += chunk;
  }
  return text;
}

/** Streams the document to a file, chunk by chunk (a 100,000-result JSON never sits in memory). */
export async function writeReport(options: RenderReportOptions & { path: string }): Promise<void> {
  const chunks = REPORTERS[options.reporter].render(options.input, options.options ?? {});
  await pipeline(Readable.from(chunks), createWriteStream(options.path));
}
