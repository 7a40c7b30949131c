/**
 * `{{name}}` templates compiled once at catalog load, so answering a request is a join of parts.
 * An unknown placeholder renders as an empty string.
 */
export type Template = (values: (name: string) => string | undefined) => string;

const PLACEHOLDER = /\{\{\s*([\w-]+)\s*\}\}/g;

export function compileTemplate(text: string): Template {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    literals.push(text.slice(last, match.index));
    names.push(match[1] ?? '');
    last = match.index + match[0].length;
  }
  literals.push(text.slice(last));
  if (names.length === 0) return () => text;
  return (values) => {
    let result = literals[0] ?? '';
    for (let index = 0; index < names.length; index++) {
      result += (values(names[index] ?? '') ?? '') + (literals[index + 1] ?? '');
    }
    return result;
  };
}
