/**
 * The dataset as a stream of cases, file after file. `inspectDataset` reads it once before a run
 * (counting cases, hashing bytes, finding duplicate ids and rows that lack a template variable);
 * `readDataset` streams it again for the run. Neither keeps rows in memory; the inspection keeps
 * only the case ids, to find duplicates.
 */
import { createHash } from 'node:crypto';
import type { EvalCase } from '@sextant/spec';
import { SuiteError } from '../errors/suite-error.js';
import type { SuiteIssue } from '../errors/suite-error.js';
import { DatasetRowError, toEvalCase } from './dataset-row.js';
import type { DatasetRecord } from './dataset-row.js';
import { readRecordBatches } from './read-records.js';

export interface DatasetFile {
  /** Absolute path. */
  path: string;
  /** Name used in messages and in `EvalCase.source.file`. */
  displayFile: string;
}

export async function* readDataset(options: {
  files: readonly DatasetFile[];
}): AsyncIterable<EvalCase> {
  for await (const batch of readDatasetBatches(options)) yield* batch;
}

/** The cases in order, in batches of what the parser had ready (one promise turn per batch). */
export async function* readDatasetBatches(options: {
  files: readonly DatasetFile[];
}): AsyncIterable<EvalCase[]> {
  for (const file of options.files) {
    const batches = readRecordBatches({ path: file.path, displayFile: file.displayFile });
    for await (const records of batches) {
      const cases: EvalCase[] = [];
      try {
        for (const record of records) cases.push(recordCase(record));
      } catch (error) {
        // The cases before the bad row still come first, as they would one at a time.
        if (cases.length > 0) yield cases;
        throw error;
      }
      yield cases;
    }
  }
}

function recordCase(record: DatasetRecord): EvalCase {
  try {
    return toEvalCase(record);
  } catch (error) {
    if (!(error instanceof DatasetRowError)) throw error;
    throw new SuiteError([
      {
        file: record.file,
        line: record.line,
        row: record.row,
        field: error.column,
        message: error.message,
      },
    ]);
  }
}

export interface DatasetInspection {
  caseCount: number;
  /** sha256 over the files' bytes, in order. */
  hash: string;
  issues: SuiteIssue[];
}

/** Past this many problems the inspection stops listing more; the first ones are enough to act on. */
const MAX_ISSUES = 25;

export async function inspectDataset(options: {
  files: readonly DatasetFile[];
  /** Variables the templates use, each with the field that uses it; every case must provide them. */
  requiredVariables: ReadonlyMap<string, string>;
}): Promise<DatasetInspection> {
  const hash = createHash('sha256');
  const issues: SuiteIssue[] = [];
  // Where each id was first seen, as row × files + file index (a small integer, not a string
  // per case): the text is only needed for a duplicate.
  const firstSeen = new Map<string, number>();
  const fileCount = options.files.length;
  let caseCount = 0;
  for (const [fileIndex, file] of options.files.entries()) {
    let missingReported = 0;
    try {
      const batches = readRecordBatches({
        path: file.path,
        displayFile: file.displayFile,
        onBytes: (chunk) => hash.update(chunk),
      });
      reading: for await (const records of batches)
        for (const record of records) {
          if (issues.length >= MAX_ISSUES) break reading;
          let evalCase: EvalCase;
          try {
            evalCase = toEvalCase(record);
          } catch (error) {
            if (!(error instanceof DatasetRowError)) throw error;
            issues.push({
              file: record.file,
              line: record.line,
              row: record.row,
              field: error.column,
              message: error.message,
            });
            continue;
          }
          caseCount += 1;
          for (const [variable, usedBy] of options.requiredVariables) {
            if (variable in evalCase.vars || missingReported >= 3) continue;
            missingReported += 1;
            issues.push({
              file: record.file,
              line: record.line,
              row: record.row,
              field: variable,
              message: `is missing, but ${usedBy} uses {{${variable}}}; add this column to the dataset or change the template`,
            });
          }
          const previous = firstSeen.get(evalCase.id);
          if (previous === undefined)
            firstSeen.set(evalCase.id, record.row * fileCount + fileIndex);
          else {
            const firstFile = options.files[previous % fileCount]?.displayFile ?? '';
            const place = `${firstFile} row ${Math.floor(previous / fileCount)}`;
            issues.push({
              file: record.file,
              line: record.line,
              row: record.row,
              field: 'id',
              message: `duplicates case id "${evalCase.id}" first seen at ${place}; case ids must be unique`,
            });
          }
        }
    } catch (error) {
      if (!(error instanceof SuiteError)) throw error;
      issues.push(...error.issues);
    }
  }
  return { caseCount, hash: hash.digest('hex'), issues };
}
