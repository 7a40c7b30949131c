import type { Ajv } from 'ajv';
import { quote } from './normalize-text.js';
import { defineScorer } from './scorer.js';
import type { ToolCall } from './scorer.js';
import { compileValueTemplates } from './value-template.js';

interface ToolCallOptions {
  /** The tool that must be called (`name` is the scorer's own name). */
  tool: string;
  /** Values the arguments must contain (a subset; strings may be templates). */
  arguments?: Record<string, unknown>;
  /** JSON Schema the arguments must satisfy. */
  schema?: Record<string, unknown>;
}

/**
 * The expected tool was called with matching arguments. Score 1 when a call matches, 0.5 when
 * the tool was called but no call's arguments match, 0 when it was not called.
 */
export const toolCallScorer = defineScorer<ToolCallOptions>({
  pure: true,
  type: 'tool-call',
  optionsSchema: {
    required: ['tool'],
    properties: {
      tool: { type: 'string', minLength: 1 },
      arguments: { type: 'object' },
      schema: { type: 'object' },
    },
  },
  check(options, context) {
    if (options.schema === undefined) return [];
    try {
      context.ajv.compile(options.schema);
      return [];
    } catch (error) {
      return [
        { field: 'schema', message: `is not a valid JSON Schema: ${(error as Error).message}` },
      ];
    }
  },
  create(options, setup) {
    const validate =
      options.schema === undefined ? null : (setup.ajv as Ajv).compile(options.schema);
    const expected =
      options.arguments === undefined ? null : compileValueTemplates(options.arguments, setup);
    const mismatch = (call: ToolCall, want: Record<string, unknown> | null): string | null => {
      let parsed: unknown;
      try {
        parsed = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
      } catch {
        return `arguments are not valid JSON: ${quote(call.arguments, 40)}`;
      }
      if (validate !== null && !validate(parsed)) {
        const first = validate.errors?.[0];
        return `arguments${first?.instancePath ?? ''} ${first?.message ?? 'do not match the schema'}`;
      }
      for (const [key, value] of Object.entries(want ?? {})) {
        const actual = (parsed as Record<string, unknown> | null)?.[key];
        if (JSON.stringify(actual) !== JSON.stringify(value) && String(actual) !== String(value)) {
          return `argument ${key} is ${quote(JSON.stringify(actual) ?? 'missing', 30)}, expected ${quote(JSON.stringify(value), 30)}`;
        }
      }
      return null;
    };
    return {
      score(input) {
        const calls = input.toolCalls.filter((call) => call.name === options.tool);
        if (calls.length === 0) {
          const made = input.toolCalls.map((call) => call.name).join(', ');
          return {
            score: 0,
            passed: false,
            reason: `${options.tool} was not called${made === '' ? '' : ` (called: ${made})`}`,
          };
        }
        const want = expected === null ? null : (expected(input.lookup) as Record<string, unknown>);
        const problems = calls.map((call) => mismatch(call, want));
        if (problems.includes(null))
          return {
            score: 1,
            passed: true,
            reason: `${options.tool} called with matching arguments`,
          };
        return {
          score: 0.5,
          passed: false,
          reason: `${options.tool} called, but ${problems[0] ?? ''}`,
        };
      },
    };
  },
});
