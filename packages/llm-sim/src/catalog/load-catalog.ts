import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import type { Catalog } from './catalog.js';
import { CatalogError } from './catalog-error.js';
import { validateCatalog, type FieldPath } from './validate-catalog.js';

/** The catalog shipped with the package (simulated tiers, vendor-named aliases, triage rules). */
export const DEFAULT_CATALOG_PATH = fileURLToPath(
  new URL('../../catalogs/default.yaml', import.meta.url),
);

/** Parses catalog YAML; errors carry the source name and the line of the offending field. */
export function parseCatalogYaml(options: { text: string; source: string }): Catalog {
  const lineCounter = new LineCounter();
  const document = parseDocument(options.text, { lineCounter, prettyErrors: false });
  const firstError = document.errors[0];
  if (firstError) {
    throw new CatalogError({
      source: options.source,
      field: '(document)',
      line: lineCounter.linePos(firstError.pos[0]).line,
      problem: `is not valid YAML: ${firstError.message.split('\n')[0]}; fix the syntax`,
    });
  }
  return validateCatalog({
    document: document.toJS(),
    report: (path, problem) => {
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const offset = node?.range?.[0] ?? parentOffset(document, path);
      const line = offset === null ? null : lineCounter.linePos(offset).line;
      throw new CatalogError({ source: options.source, field: formatPath(path), line, problem });
    },
  });
}

/** Reads and parses a catalog YAML file. */
export function loadCatalogFile(path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogError({
      source: path,
      field: '(file)',
      line: null,
      problem: `cannot be read (${(error as Error).message}); pass an existing YAML catalog path`,
    });
  }
  return parseCatalogYaml({ text, source: path });
}

/** Checks a catalog given as an object (e.g. by a test); errors name the field path. */
export function checkCatalog(options: { catalog: unknown; source?: string }): Catalog {
  const source = options.source ?? 'catalog object';
  return validateCatalog({
    document: options.catalog,
    report: (path, problem) => {
      throw new CatalogError({ source, field: formatPath(path), line: null, problem });
    },
  });
}

let defaultCatalog: Catalog | undefined;

export function loadDefaultCatalog(): Catalog {
  defaultCatalog ??= loadCatalogFile(DEFAULT_CATALOG_PATH);
  return defaultCatalog;
}

function parentOffset(document: ReturnType<typeof parseDocument>, path: FieldPath): number | null {
  for (let length = path.length - 1; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return null;
}

function formatPath(path: FieldPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
}
