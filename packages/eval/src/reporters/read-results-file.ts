import { readFile } from 'node:fs/promises';
import type { EvalResult, EvalRun } from '@sextant/spec';
import { Ajv } from 'ajv';
import { RESULTS_FILE_SCHEMA_VERSION } from './json-reporter.js';
import { resultsFileSchema } from './results-file-schema.js';

export class ResultsFileError extends Error {
  override readonly name = 'ResultsFileError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export interface ResultsFile {
  schemaVersion: number;
  run: EvalRun;
  results: EvalResult[];
}

const validate = new Ajv({ allErrors: false, strict: true }).compile(resultsFileSchema);

/**
 * Reads a results file written by the JSON reporter (`--out json`) so that it can be a baseline
 * where no shared ClickHouse is reachable. Validates it first; a bad file gives a ResultsFileError
 * naming the file, the JSON location (`/results/12/passed`) and what was expected.
 */
export async function readResultsFile(path: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResultsFileError(
      path,
      code === 'ENOENT'
        ? 'no such file; pass the JSON file written by `sextant eval --out json` as the baseline'
        : `cannot be read (${code ?? String(error)})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError(path, `is not valid JSON (${(error as Error).message})`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof data === 'object' && data !== null && version !== RESULTS_FILE_SCHEMA_VERSION) {
    throw new ResultsFileError(
      path,
      `schemaVersion is ${JSON.stringify(version)}, this version of Sextant reads schemaVersion ${RESULTS_FILE_SCHEMA_VERSION} results files`,
    );
  }
  if (!validate(data)) {
    const [first] = validate.errors ?? [];
    const where =
      first?.instancePath === '' || first === undefined ? 'the top level' : first.instancePath;
    throw new ResultsFileError(
      path,
      `is not a Sextant results file: at ${where}, ${first?.message ?? 'invalid'}${
        first?.params && 'allowedValues' in first.params
          ? ` (${(first.params.allowedValues as unknown[]).join(', ')})`
          : ''
      }`,
    );
  }
  const file = data as unknown as ResultsFile;
  return { schemaVersion: file.schemaVersion, run: file.run, results: file.results };
}
