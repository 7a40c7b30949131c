/**
 * Reading JSON out of a model's output, and compiled field paths into it. Models often wrap JSON
 * in a Markdown code fence; `extract` accepts that (and only that), so a scorer can choose
 * whether the fence counts as valid output.
 */

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

const FENCE = /^```[A-Za-z0-9_-]*\s*\n([\s\S]*?)\n?```$/;

export function parseJsonOutput(output: string, options: { extract?: boolean } = {}): JsonParse {
  let text = output.trim();
  if (text === '') return { ok: false, reason: 'output is empty' };
  if (options.extract === true) text = FENCE.exec(text)?.[1]?.trim() ?? text;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `output is not valid JSON (${(error as Error).message})` };
  }
}

export type JsonPath = readonly (string | number)[];

const PATH_PART = /^(?:\.?([^.[\]]+)|\[(\d+)\]|\[["']([^"']*)["']\])/;

/** `$.a.b[0]`, `a.b[0]`, `a["b c"]`, `items.0` → segments; null when malformed. */
export function compileJsonPath(path: string): JsonPath | null {
  let rest = path.trim().replace(/^\$\.?/, '');
  const segments: (string | number)[] = [];
  while (rest !== '') {
    const match = PATH_PART.exec(rest);
    if (match === null) return null;
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[1] ?? match[3] ?? '');
    rest = rest.slice(match[0].length);
  }
  return segments;
}

export function readJsonPath(value: unknown, path: JsonPath): { found: boolean; value: unknown } {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    const container = current as Record<string | number, unknown>;
    if (!Object.hasOwn(container, segment)) {
      // `items.0` reaches into arrays too.
      if (!(Array.isArray(current) && typeof segment === 'string' && /^\d+$/.test(segment))) {
        return { found: false, value: undefined };
      }
    }
    current = container[segment];
  }
  return { found: current !== undefined, value: current };
}

export const extractOptionSchema = { type: 'boolean' } as const;
