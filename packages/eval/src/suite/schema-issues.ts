/**
 * Turns Ajv errors into issues that name the file, the line and the field, and say in plain
 * words what was expected. Ajv's own wording is kept only for the rarer keywords.
 */
import { Ajv } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { SuiteIssue } from '../errors/suite-error.js';
import { formatFieldPath } from './yaml-source.js';
import type { FieldPath, YamlSource } from './yaml-source.js';

// ajv-formats is CommonJS with a `default` property; NodeNext sees the module object.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ??
  addFormatsPlugin) as unknown as (ajv: Ajv) => Ajv;

/** One Ajv for the suite schemas and user schemas: all errors, formats, user keywords tolerated. */
export function createAjv(): Ajv {
  // `verbose` keeps each error's parent schema, so unknown keys can list the allowed ones.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  return ajv;
}

export function schemaIssues(options: {
  validate: ValidateFunction;
  value: unknown;
  source: YamlSource;
  /** Where `value` sits in the source document. */
  basePath?: FieldPath;
}): SuiteIssue[] {
  if (options.validate(options.value)) return [];
  const basePath = options.basePath ?? [];
  const issues: SuiteIssue[] = [];
  const seen = new Set<string>();
  for (const error of options.validate.errors ?? []) {
    // `anyOf` repeats its branches' errors; the branch errors say more.
    if (error.keyword === 'anyOf') continue;
    const instancePath = [...basePath, ...parsePointer(error.instancePath)];
    const { path, message, key } = describe(error, instancePath);
    const issue: SuiteIssue = {
      file: options.source.file,
      line: options.source.lineOf(path, { key }),
      field: formatFieldPath(path),
      message,
    };
    const identity = `${issue.field}\u0000${issue.message}`;
    if (!seen.has(identity)) issues.push(issue);
    seen.add(identity);
  }
  return issues;
}

function describe(
  error: ErrorObject,
  path: (string | number)[],
): { path: (string | number)[]; message: string; key: boolean } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const key = String(params.additionalProperty);
      const suggestion = allowed.length > 0 ? closest(key, allowed) : '';
      const hint =
        suggestion !== '' &&
        distance(key.toLowerCase(), suggestion.toLowerCase()) <= Math.max(2, key.length / 3)
          ? ` (did you mean "${suggestion}"?)`
          : allowed.length > 0
            ? ` (allowed here: ${allowed.join(', ')})`
            : '';
      return {
        path: [...path, String(params.additionalProperty)],
        message: `unknown key${hint}`,
        key: true,
      };
    }
    case 'required':
      return {
        path: [...path, String(params.missingProperty)],
        message: 'is required but missing',
        key: true,
      };
    case 'type':
      return { path, message: `must be ${article(String(params.type))}`, key: false };
    case 'enum':
      return {
        path,
        message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
        key: false,
      };
    case 'pattern':
      return { path, message: `must match ${String(params.pattern)}`, key: false };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}`, key: false };
  }
}

function article(type: string): string {
  const names = type
    .split(',')
    .map((name) =>
      name === 'integer'
        ? 'an integer'
        : name === 'array'
          ? 'a list'
          : name === 'object'
            ? 'a mapping'
            : name === 'null'
              ? 'null'
              : `a ${name}`,
    );
  return names.join(' or ');
}

function parsePointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
