/** Scores one input with a built-in scorer, the way the runner does (options checked, scorer prepared once). */
import { createAjv } from '../suite/schema-issues.js';
import type { ProviderCall } from '../providers/provider.js';
import { defaultScorerRegistry } from '../scorers/scorer-registry.js';
import type { PreparedScorer, Score, ScoreInput, ScorerProblem } from '../scorers/scorer.js';
import { compileTemplate } from '../template/compile-template.js';

const unusedModel: ProviderCall = () =>
  Promise.reject(new Error('this scorer should not call a model'));

export async function prepareScorer(options: {
  type: string;
  options?: Record<string, unknown>;
  suiteDirectory?: string;
  callModel?: ProviderCall;
}): Promise<PreparedScorer> {
  const type = defaultScorerRegistry.get(options.type);
  if (type === undefined) throw new Error(`no scorer ${options.type}`);
  const ajv = createAjv();
  const validate = ajv.compile({
    type: 'object',
    additionalProperties: false,
    ...type.optionsSchema,
  });
  const scorerOptions = options.options ?? {};
  if (!validate(scorerOptions))
    throw new Error(`options rejected: ${ajv.errorsText(validate.errors)}`);
  const problems: ScorerProblem[] =
    type.check?.(scorerOptions, { suiteDirectory: options.suiteDirectory ?? process.cwd(), ajv }) ??
    [];
  if (problems.length > 0)
    throw new Error(
      `options rejected: ${problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`,
    );
  return type.create(scorerOptions, {
    suiteDirectory: options.suiteDirectory ?? process.cwd(),
    ajv,
    compileTemplate,
    callModel: options.callModel ?? unusedModel,
  });
}

export function scoreInput(input: Partial<ScoreInput>): ScoreInput {
  const vars = input.vars ?? {};
  const expected = input.expected ?? null;
  return {
    output: '',
    messages: [{ role: 'user', content: 'question' }],
    expected,
    caseId: 'case-1',
    vars,
    lookup: (name) => (name in vars ? vars[name] : name === 'expected' ? expected : undefined),
    toolCalls: [],
    finishReason: 'stop',
    latencyMs: 100,
    costUsd: 0.001,
    signal: new AbortController().signal,
    ...input,
  };
}

export async function scoreWith(options: {
  type: string;
  options?: Record<string, unknown>;
  input: Partial<ScoreInput>;
  suiteDirectory?: string;
}): Promise<Score> {
  const scorer = await prepareScorer(options);
  return scorer.score(scoreInput(options.input));
}
