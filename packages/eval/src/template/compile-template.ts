/**
 * `{{variable}}` templates, compiled once per suite so the per-case path is a join, not a regex.
 * A variable is a name or a dotted path into an object value (`{{ticket.subject}}`). Strings are
 * inserted as they are, other values as JSON, null and missing values as the empty string.
 */

export interface CompiledTemplate {
  readonly source: string;
  /** Top-level variable names the template uses, in order of first use. */
  readonly variables: readonly string[];
  render(lookup: (name: string) => unknown): string;
}

type Segment = string | readonly string[];

const VARIABLE = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;

export function compileTemplate(source: string): CompiledTemplate {
  const segments: Segment[] = [];
  const variables: string[] = [];
  let last = 0;
  for (const match of source.matchAll(VARIABLE)) {
    const path = (match[1] ?? '').split('.');
    const head = path[0] ?? '';
    if (match.index > last) segments.push(source.slice(last, match.index));
    segments.push(path);
    if (!variables.includes(head)) variables.push(head);
    last = match.index + match[0].length;
  }
  if (last < source.length) segments.push(source.slice(last));

  if (variables.length === 0) return { source, variables, render: () => source };
  return {
    source,
    variables,
    render(lookup) {
      let text = '';
      for (const segment of segments) {
        text += typeof segment === 'string' ? segment : stringify(resolvePath(lookup, segment));
      }
      return text;
    },
  };
}

function resolvePath(lookup: (name: string) => unknown, path: readonly string[]): unknown {
  let value = lookup(path[0] ?? '');
  for (let index = 1; index < path.length && value !== undefined && value !== null; index += 1) {
    value =
      typeof value === 'object' ? (value as Record<string, unknown>)[path[index] ?? ''] : undefined;
  }
  return value;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Top-level variable names used anywhere in a value (strings, arrays, objects), for validation. */
export function templateVariables(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(VARIABLE)) into.add((match[1] ?? '').split('.')[0] ?? '');
  } else if (Array.isArray(value)) {
    for (const item of value) templateVariables(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) templateVariables(item, into);
  }
  return into;
}
