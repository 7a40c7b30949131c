/**
 * A parsed YAML file that remembers where each node came from, so a schema error at
 * `/targets/1/model` can name line 14. Syntax errors become issues, never exceptions.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { SuiteIssue } from '../errors/suite-error.js';

export type FieldPath = readonly (string | number)[];

export interface YamlSource {
  file: string;
  value: unknown;
  issues: SuiteIssue[];
  /** 1-based line of the node at `path` (of its key when `key` is set), or of its nearest ancestor. */
  lineOf(path: FieldPath, options?: { key?: boolean }): number | null;
}

export function parseYamlSource(options: { file: string; text: string }): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(options.text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const issues: SuiteIssue[] = document.errors.map((error) => ({
    file: options.file,
    line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
    field: '',
    message: `is not valid YAML: ${error.message.split('\n')[0] ?? error.code}`,
  }));
  const lineAt = (offset: number | undefined): number | null =>
    offset === undefined ? null : lineCounter.linePos(offset).line;

  return {
    file: options.file,
    value: issues.length > 0 ? undefined : document.toJS({ maxAliasCount: 100 }),
    issues,
    lineOf(path, lineOptions = {}) {
      let node: unknown = document.contents;
      let line = lineAt((node as Node | null)?.range?.[0]);
      for (const [index, segment] of path.entries()) {
        const last = index === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find(
            (item) =>
              isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
          );
          if (!pair) return line;
          const keyLine = lineAt((pair.key as Node | null)?.range?.[0]);
          if (last && lineOptions.key === true) return keyLine ?? line;
          node = pair.value;
          line = lineAt((node as Node | null)?.range?.[0]) ?? keyLine ?? line;
        } else if (isSeq(node) && typeof segment === 'number') {
          node = node.items[segment];
          if (node === undefined) return line;
          line = lineAt((node as Node).range?.[0]) ?? line;
        } else {
          return line;
        }
      }
      return line;
    },
  };
}

/** `['targets', 1, 'model']` → `targets[1].model`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text;
}
