/**
 * `function`: a JS module the user supplies answers instead of a model (a local pipeline, a
 * retrieval chain, a stub for a new feature). It receives the rendered messages and the case's
 * variables and returns a string or `{ output, finishReason?, toolCalls?, usage? }`. Each call
 * is traced with `traceLlmCall`, so it has a span and a record like an SDK call; reported `usage`
 * is priced with the target's `price`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { traceLlmCall } from '@sextant/instrumentation';
import type { ReportedUsage } from '@sextant/instrumentation';
import { loadUserFunction } from '../load-user-function.js';
import type { ToolCall } from '../scorers/scorer.js';
import type { ProviderRequest, ProviderResponse, ProviderType } from './provider.js';

interface FunctionOptions {
  /** Path of an ES module, relative to the suite. */
  module: string;
  /** Export to call (default `default`). */
  export?: string;
  /** Passed to the function as `options`. */
  config?: unknown;
}

export type FunctionProviderInput = ProviderRequest & {
  model: string;
  parameters: Record<string, unknown>;
  config: unknown;
};

export const functionProvider: ProviderType = {
  name: 'function',
  // The module's code is not part of the request, so a cached answer could hide a code change.
  cacheable: false,
  optionsSchema: {
    required: ['module'],
    properties: {
      module: { type: 'string', minLength: 1 },
      export: { type: 'string', minLength: 1 },
      config: {},
    },
  },
  check(target, context) {
    const options = target.options as unknown as FunctionOptions;
    const path = resolve(context.suiteDirectory, options.module);
    return existsSync(path)
      ? []
      : [{ field: 'module', message: `refers to ${path}, which does not exist` }];
  },
  async create(setup) {
    const options = setup.target.options as unknown as FunctionOptions;
    const answer = (await loadUserFunction({
      suiteDirectory: setup.suiteDirectory,
      module: options.module,
      exportName: options.export ?? 'default',
      what: `target "${setup.target.id}"`,
    })) as (input: FunctionProviderInput) => unknown;
    const descriptor = {
      provider: 'function',
      operation: 'chat',
      model: setup.target.model,
      extract: (response: FunctionResponse) => ({
        finishReasons: response.finishReason === null ? [] : [response.finishReason],
        usage: response.usage,
      }),
      options: {
        prices: setup.prices,
        ...(setup.tracerProvider === undefined ? {} : { tracerProvider: setup.tracerProvider }),
        ...(setup.meterProvider === undefined ? {} : { meterProvider: setup.meterProvider }),
      },
    };
    return {
      async call(request) {
        const input = {
          ...request,
          model: setup.target.model,
          parameters: setup.target.parameters,
          config: options.config,
        };
        const response = await traceLlmCall(descriptor, async () =>
          toResponse(await answer(input)),
        );
        return {
          output: response.output,
          finishReason: response.finishReason,
          toolCalls: response.toolCalls,
        };
      },
    };
  },
};

type FunctionResponse = ProviderResponse & { usage: ReportedUsage | null };

function toResponse(value: unknown): FunctionResponse {
  if (typeof value === 'string')
    return { output: value, finishReason: 'stop', toolCalls: [], usage: null };
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof (value as { output?: unknown }).output !== 'string'
  ) {
    throw new TypeError(
      'the function must return a string or { output: string, finishReason?, toolCalls?, usage? }',
    );
  }
  const result = value as {
    output: string;
    finishReason?: string | null;
    toolCalls?: ToolCall[];
    usage?: ReportedUsage;
  };
  return {
    output: result.output,
    finishReason: result.finishReason ?? 'stop',
    toolCalls: Array.isArray(result.toolCalls) ? result.toolCalls : [],
    usage: typeof result.usage?.inputTokens === 'number' ? result.usage : null,
  };
}
