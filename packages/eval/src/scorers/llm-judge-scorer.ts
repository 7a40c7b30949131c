/**
 * A rubric graded by a pinned judge model, called through the run's providers (so it is
 * instrumented and its spend is known). The judge must answer JSON with an integer score on a
 * 0–`scale` scale; the case passes on the normalised score against `threshold`, never on the
 * judge's own pass flag. A failed judge call makes the result an error, not a failure.
 */
import type { TargetDefinition, TargetPrice } from '../suite/suite-definition.js';
import { classifyError } from '../providers/classify-error.js';
import { parseJsonOutput } from './json-output.js';
import { clampScore, defineScorer } from './scorer.js';
import type { JudgeUsage } from './scorer.js';

interface JudgeTarget {
  provider: string;
  model: string;
  parameters?: Record<string, unknown>;
  apiKeyEnv?: string;
  price?: TargetPrice;
  maxRetries?: number;
  [providerOption: string]: unknown;
}

interface LlmJudgeOptions {
  rubric: string;
  judge: JudgeTarget;
  /** Normalised score needed to pass (default 0.7). */
  threshold?: number;
  /** The judge scores 0…scale (default 10). */
  scale?: number;
}

const JUDGE_SYSTEM = (scale: number): string =>
  `You grade the output of an AI system against a rubric. Be strict and consistent. ` +
  `Answer with JSON only: {"reasoning": "<one or two sentences>", "score": <integer 0-${scale}>, "pass": <boolean>}.`;

export const llmJudgeScorer = defineScorer<LlmJudgeOptions>({
  type: 'llm-judge',
  optionsSchema: {
    required: ['rubric', 'judge'],
    properties: {
      rubric: { type: 'string', minLength: 1 },
      judge: {
        type: 'object',
        required: ['provider', 'model'],
        properties: {
          provider: { type: 'string', minLength: 1 },
          model: { type: 'string', minLength: 1 },
          parameters: { type: 'object' },
          apiKeyEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          maxRetries: { type: 'integer', minimum: 0, maximum: 10 },
          price: { type: 'object', required: ['inputPerMillion', 'outputPerMillion'] },
        },
      },
      threshold: { type: 'number', minimum: 0, maximum: 1 },
      scale: { type: 'integer', minimum: 1, maximum: 100 },
    },
  },
  targets(options) {
    return [judgeTarget(options.judge)];
  },
  create(options, setup) {
    const scale = options.scale ?? 10;
    const threshold = options.threshold ?? 0.7;
    const rubric = setup.compileTemplate(options.rubric);
    const target = judgeTarget(options.judge);
    const responseFormat = {
      type: 'json_schema' as const,
      name: 'grade',
      strict: true,
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['reasoning', 'score', 'pass'],
        properties: {
          reasoning: { type: 'string' },
          score: { type: 'integer', minimum: 0, maximum: scale },
          pass: { type: 'boolean' },
        },
      },
    };
    return {
      async score(input) {
        const request = input.messages
          .filter((message) => message.role !== 'system')
          .map((message) => message.content)
          .join('\n\n');
        const user = [
          `Rubric:\n${rubric.render(input.lookup)}`,
          `Input given to the system:\n${request}`,
          `Output to grade:\n${input.output === '' ? '(empty)' : input.output}`,
          input.expected === null ? '' : `Reference answer:\n${input.expected}`,
        ]
          .filter((part) => part !== '')
          .join('\n\n');
        const result = await setup.callModel({
          target,
          messages: [
            { role: 'system', content: JUDGE_SYSTEM(scale) },
            { role: 'user', content: user },
          ],
          responseFormat,
          signal: input.signal,
        });
        const judge = judgeUsage(result.records);
        if (!result.ok) {
          const error = classifyError(result.error, (text) => text);
          return {
            score: 0,
            passed: false,
            reason: `judge call failed: ${error.message}`,
            judge,
            error: { type: `judge_${error.type}`, message: error.message },
          };
        }
        const parsed = parseJsonOutput(extractObject(result.response.output), { extract: true });
        const grade = parsed.ok ? (parsed.value as { score?: unknown; reasoning?: unknown }) : null;
        if (grade === null || typeof grade.score !== 'number') {
          return {
            score: 0,
            passed: false,
            reason: `judge answer has no numeric score: ${result.response.output.slice(0, 80)}`,
            judge,
          };
        }
        const score = clampScore(grade.score / scale);
        const passed = score >= threshold;
        const reasoning = typeof grade.reasoning === 'string' ? grade.reasoning.slice(0, 200) : '';
        return {
          score,
          passed,
          reason: `judge ${grade.score}/${scale}${reasoning === '' ? '' : `: ${reasoning}`}`,
          judge,
        };
      },
    };
  },
});

function judgeTarget(judge: JudgeTarget): TargetDefinition {
  const { provider, model, parameters, apiKeyEnv, price, maxRetries, ...providerOptions } = judge;
  const target: TargetDefinition = {
    id: `judge:${model}`,
    provider,
    model,
    parameters: { temperature: 0, ...parameters },
    options: providerOptions,
  };
  if (apiKeyEnv !== undefined) target.apiKeyEnv = apiKeyEnv;
  if (price !== undefined) target.price = price;
  if (maxRetries !== undefined) target.maxRetries = maxRetries;
  return target;
}

function extractObject(text: string): string {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : text;
}

function judgeUsage(
  records: readonly {
    usage: { inputTokens: number; outputTokens: number } | null;
    cost: { known: boolean; totalUsd?: number };
  }[],
): JudgeUsage {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd: number | null = 0;
  for (const record of records) {
    inputTokens += record.usage?.inputTokens ?? 0;
    outputTokens += record.usage?.outputTokens ?? 0;
    costUsd = costUsd === null || !record.cost.known ? null : costUsd + (record.cost.totalUsd ?? 0);
  }
  return { inputTokens, outputTokens, costUsd };
}
