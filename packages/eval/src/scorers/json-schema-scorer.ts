import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Ajv } from 'ajv';
import { extractOptionSchema, parseJsonOutput } from './json-output.js';
import { defineScorer } from './scorer.js';

interface JsonSchemaOptions {
  schema?: Record<string, unknown>;
  /** A JSON file holding the schema, relative to the suite. */
  schemaFile?: string;
  extract?: boolean;
}

function loadSchema(options: JsonSchemaOptions, directory: string): Record<string, unknown> {
  if (options.schema !== undefined) return options.schema;
  return JSON.parse(readFileSync(resolve(directory, options.schemaFile ?? ''), 'utf8')) as Record<
    string,
    unknown
  >;
}

function compile(ajv: Ajv, schema: Record<string, unknown>): ReturnType<Ajv['compile']> {
  // A user schema may carry its own $id; compiling it twice in one Ajv would clash.
  const { $id: _id, ...rest } = schema;
  return ajv.compile(rest);
}

/** The output is JSON that satisfies a JSON Schema (compiled once per run, with formats). */
export const jsonSchemaScorer = defineScorer<JsonSchemaOptions>({
  pure: true,
  type: 'json-schema',
  optionsSchema: {
    properties: {
      schema: { type: 'object' },
      schemaFile: { type: 'string', minLength: 1 },
      extract: extractOptionSchema,
    },
  },
  check(options, context) {
    if ((options.schema === undefined) === (options.schemaFile === undefined)) {
      return [
        { field: 'schema', message: 'give exactly one of `schema` (inline) or `schemaFile`' },
      ];
    }
    let schema: Record<string, unknown>;
    try {
      schema = loadSchema(options, context.suiteDirectory);
    } catch (error) {
      return [
        { field: 'schemaFile', message: `cannot be read as JSON: ${(error as Error).message}` },
      ];
    }
    try {
      compile(context.ajv, schema);
      return [];
    } catch (error) {
      return [
        {
          field: options.schema === undefined ? 'schemaFile' : 'schema',
          message: `is not a valid JSON Schema: ${(error as Error).message}`,
        },
      ];
    }
  },
  create(options, setup) {
    const validate = compile(setup.ajv, loadSchema(options, setup.suiteDirectory));
    return {
      score(input) {
        const parsed = parseJsonOutput(input.output, options);
        if (!parsed.ok) return { score: 0, passed: false, reason: parsed.reason };
        if (validate(parsed.value))
          return { score: 1, passed: true, reason: 'output matches the schema' };
        const first = validate.errors?.[0];
        const where =
          first?.instancePath === '' || first === undefined ? 'output' : first.instancePath;
        return {
          score: 0,
          passed: false,
          reason: `${where} ${first?.message ?? 'does not match the schema'}`,
        };
      },
    };
  },
});
