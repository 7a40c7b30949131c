/**
 * The one error a suite, its prompt files or its datasets raise when they are wrong. It carries
 * every problem found (not just the first), each naming the file, the line or dataset row, the
 * field or column, and what was expected, so a user can fix them all in one pass.
 */

export interface SuiteIssue {
  /** Path of the file at fault, as the user gave it (relative to the working directory when possible). */
  file: string;
  /** 1-based line in `file`; null when the problem is about the file as a whole. */
  line: number | null;
  /** 1-based dataset row (data rows only, the CSV header is not a row); only for dataset problems. */
  row?: number;
  /** Dotted path of the field (`targets[1].model`) or the dataset column name. */
  field: string;
  /** What is wrong and what is expected. */
  message: string;
}

export function formatSuiteIssue(issue: SuiteIssue): string {
  const place = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  const row = issue.row === undefined ? '' : ` row ${issue.row}`;
  const field =
    issue.field === '' ? '' : ` ${issue.row === undefined ? '' : 'column '}${issue.field}:`;
  return `${place}${row}${field} ${issue.message}`;
}

export class SuiteError extends Error {
  override readonly name = 'SuiteError';
  readonly issues: readonly SuiteIssue[];

  constructor(issues: readonly SuiteIssue[]) {
    const lines = issues.map((issue) => `  - ${formatSuiteIssue(issue)}`);
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`The suite is not valid (${count}):\n${lines.join('\n')}`);
    this.issues = issues;
  }
}
