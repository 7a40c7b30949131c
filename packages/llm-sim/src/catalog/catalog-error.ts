/** Thrown when a catalog is not valid; the message names the source, line, field and the fix. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly source: string;
  readonly field: string;
  readonly line: number | null;

  constructor(options: { source: string; field: string; line: number | null; problem: string }) {
    const where = options.line === null ? options.source : `${options.source}:${options.line}`;
    super(`${where}: ${options.field}: ${options.problem}`);
    this.source = options.source;
    this.field = options.field;
    this.line = options.line;
  }
}
