/**
 * Loads a suite file and everything it refers to, and refuses to return unless all of it is
 * valid: schema (unknown keys included), prompt files, providers and scorers with their own
 * options, dataset files, template variables against every dataset row, duplicate ids. All
 * problems are gathered and thrown together as one `SuiteError`, before any model is called.
 */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { inspectDataset } from '../dataset/read-dataset.js';
import { datasetFormat } from '../dataset/read-records.js';
import { SuiteError } from '../errors/suite-error.js';
import type { SuiteIssue } from '../errors/suite-error.js';
import { defaultProviderRegistry } from '../providers/provider-registry.js';
import type { ProviderType } from '../providers/provider.js';
import { defaultScorerRegistry } from '../scorers/scorer-registry.js';
import type { ScorerType } from '../scorers/scorer.js';
import { templateVariables } from '../template/compile-template.js';
import { checkScorer, checkTarget } from './check-entries.js';
import { normalizeSuite } from './normalize-suite.js';
import { resolvePrompt } from './resolve-prompt.js';
import { createAjv, schemaIssues } from './schema-issues.js';
import type { LoadedSuite, ResolvedPrompt } from './suite-definition.js';
import { suiteSchema } from './suite-schema.js';
import { parseYamlSource } from './yaml-source.js';

export interface LoadSuiteOptions {
  /** Path of the suite YAML file. */
  file: string;
  /** Paths in messages are shown relative to this directory (default: the working directory). */
  cwd?: string;
  providers?: ReadonlyMap<string, ProviderType>;
  scorers?: ReadonlyMap<string, ScorerType>;
}

/** Template names every case provides besides its variables. */
const RESERVED_VARIABLES = new Set(['id', 'expected']);

let validateSuite: ReturnType<ReturnType<typeof createAjv>['compile']> | null = null;

export async function loadSuite(options: LoadSuiteOptions): Promise<LoadedSuite> {
  const cwd = options.cwd ?? process.cwd();
  const absoluteFile = resolve(cwd, options.file);
  const displayPath = (absolute: string): string => {
    const relativePath = relative(cwd, absolute);
    return relativePath.startsWith('..') || isAbsolute(relativePath) ? absolute : relativePath;
  };
  const displayFile = displayPath(absoluteFile);
  let text: string;
  try {
    text = await readFile(absoluteFile, 'utf8');
  } catch {
    throw new SuiteError([
      { file: displayFile, line: null, field: '', message: 'does not exist or cannot be read' },
    ]);
  }
  const source = parseYamlSource({ file: displayFile, text });
  if (source.issues.length > 0) throw new SuiteError(source.issues);
  const ajv = createAjv();
  validateSuite ??= ajv.compile(suiteSchema);
  const schemaProblems = schemaIssues({ validate: validateSuite, value: source.value, source });
  if (schemaProblems.length > 0) throw new SuiteError(schemaProblems);

  const issues: SuiteIssue[] = [];
  const directory = dirname(absoluteFile);
  const definition = normalizeSuite({
    value: source.value as Record<string, unknown>,
    source,
    issues,
  });
  const providers = options.providers ?? defaultProviderRegistry;
  const scorers = options.scorers ?? defaultScorerRegistry;
  const context = { source, suiteDirectory: directory, ajv, issues };
  definition.targets.forEach((target, index) =>
    checkTarget({ target, path: ['targets', index], providers, context }),
  );
  definition.scorers.forEach((scorer, index) =>
    checkScorer({ scorer, path: ['scorers', index], scorers, context }),
  );

  const dependencies = [absoluteFile];
  const prompts: ResolvedPrompt[] = [];
  for (const [index, prompt] of definition.prompts.entries()) {
    const resolved = await resolvePrompt({
      prompt,
      index,
      suite: source,
      suiteDirectory: directory,
      displayPath,
      issues,
    });
    if (resolved === null) continue;
    prompts.push(resolved.prompt);
    if (resolved.file !== null) dependencies.push(resolved.file);
  }
  for (const entry of [...definition.targets, ...definition.scorers]) {
    if (typeof entry.options.module === 'string')
      dependencies.push(resolve(directory, entry.options.module));
  }

  const datasetFiles: { path: string; displayFile: string }[] = [];
  for (const [index, file] of definition.dataset.files.entries()) {
    const path = resolve(directory, file);
    const place = {
      file: displayFile,
      line: datasetLine(source, index),
      field: `dataset.files[${index}]`,
    };
    if (datasetFormat(path) === null) {
      issues.push({ ...place, message: `"${file}" must end in .csv, .jsonl or .ndjson` });
    } else if (!(await exists(path))) {
      issues.push({ ...place, message: `refers to ${displayPath(path)}, which does not exist` });
    } else {
      datasetFiles.push({ path, displayFile: displayPath(path) });
      dependencies.push(path);
    }
  }
  if (issues.length > 0) throw new SuiteError(issues);

  const requiredVariables = new Map<string, string>();
  for (const prompt of prompts) {
    for (const variable of templateVariables(prompt.messages)) {
      if (!RESERVED_VARIABLES.has(variable))
        requiredVariables.set(variable, `prompt "${prompt.id}"`);
    }
  }
  for (const scorer of definition.scorers) {
    for (const variable of templateVariables(scorer.options)) {
      if (!RESERVED_VARIABLES.has(variable))
        requiredVariables.set(variable, `scorer "${scorer.name}"`);
    }
  }
  const inspection = await inspectDataset({ files: datasetFiles, requiredVariables });
  if (inspection.issues.length > 0) throw new SuiteError(inspection.issues);
  if (inspection.caseCount === 0) {
    throw new SuiteError([
      {
        file: displayFile,
        line: source.lineOf(['dataset']),
        field: 'dataset',
        message: 'has no cases; add at least one row',
      },
    ]);
  }

  return {
    file: absoluteFile,
    displayFile,
    lineOf: (path) => source.lineOf(path),
    directory,
    definition,
    name: definition.name,
    description: definition.description,
    prompts,
    targets: definition.targets,
    scorers: definition.scorers,
    datasetFiles: datasetFiles.map((file) => file.path),
    caseCount: inspection.caseCount,
    gate: definition.gate,
    promptHash: createHash('sha256').update(JSON.stringify(prompts)).digest('hex'),
    datasetHash: inspection.hash,
    dependencies,
  };
}

function datasetLine(source: ReturnType<typeof parseYamlSource>, index: number): number | null {
  const value = (source.value as { dataset?: unknown }).dataset;
  if (typeof value === 'string') return source.lineOf(['dataset']);
  if (Array.isArray(value)) return source.lineOf(['dataset', index]);
  return source.lineOf(['dataset', 'files', index]);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
