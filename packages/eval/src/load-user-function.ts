/**
 * Loads a function a suite names by module path (function providers, javascript scorers), with
 * errors that say what to do: a TypeScript module that Node cannot import by itself, a module
 * that fails to load, an export that is missing or not a function. `what` names the suite entry
 * in the messages (`target "local"`, `scorer module ./score.mjs`).
 */
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export async function loadUserFunction(options: {
  suiteDirectory: string;
  module: string;
  exportName: string;
  what: string;
}): Promise<(...parameters: never[]) => unknown> {
  const path = resolve(options.suiteDirectory, options.module);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && TYPESCRIPT_EXTENSIONS.has(extname(path))) {
      throw new Error(
        `${options.what}: module ${options.module} is TypeScript, which this Node cannot import by itself; compile it to .js/.mjs, or run sextant with a TypeScript loader (NODE_OPTIONS="--import tsx")`,
        { cause: error },
      );
    }
    throw new Error(
      `${options.what}: module ${options.module} failed to load: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  }
  const candidate = loaded[options.exportName];
  if (typeof candidate !== 'function') {
    throw new TypeError(
      `${options.what}: module ${options.module} has no function export "${options.exportName}"`,
    );
  }
  return candidate as (...parameters: never[]) => unknown;
}
