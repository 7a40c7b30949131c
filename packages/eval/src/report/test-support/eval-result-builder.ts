import type { EvalResult, EvalRun } from '@sextant/spec';

/** Hand-built results for tests: every field has a plain default, tests override what matters. */
export function buildResult(overrides: Partial<EvalResult> & { caseId: string }): EvalResult {
  const passed = overrides.passed ?? true;
  return {
    runId: 'run-1',
    promptId: 'prompt-v1',
    targetId: 'model-a',
    repeat: 0,
    suite: 'triage',
    model: 'model-a-2025',
    provider: 'openai',
    status: 'ok',
    errorType: null,
    errorMessage: null,
    output: passed ? 'billing' : 'shipping',
    finishReason: 'stop',
    scores: [
      {
        name: 'intent',
        type: 'equals',
        score: passed ? 1 : 0,
        passed,
        reason: passed ? 'matched "billing"' : 'expected "billing", got "shipping"',
        weight: 1,
        required: true,
      },
    ],
    score: passed ? 1 : 0,
    passed,
    latencyMs: 100,
    timeToFirstChunkMs: 40,
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.001,
    judgeCostUsd: null,
    judgeInputTokens: 0,
    judgeOutputTokens: 0,
    attempts: 1,
    retries: 0,
    cacheHit: false,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    startedAt: 1_750_000_000_000,
    ...overrides,
  };
}

export function buildErrorResult(overrides: Partial<EvalResult> & { caseId: string }): EvalResult {
  return buildResult({
    status: 'error',
    errorType: 'timeout',
    errorMessage: 'the call timed out after 30000 ms',
    output: '',
    finishReason: null,
    scores: [],
    score: 0,
    passed: false,
    timeToFirstChunkMs: null,
    outputTokens: 0,
    ...overrides,
  });
}

export function buildRun(overrides: Partial<EvalRun> = {}): EvalRun {
  return {
    runId: 'run-1',
    suite: 'triage',
    description: 'support-ticket triage',
    gitSha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    gitBranch: 'main',
    config: '{}',
    promptHash: 'prompt-hash',
    datasetHash: 'dataset-hash',
    baselineRunId: null,
    status: 'completed',
    verdict: 'none',
    startedAt: 1_750_000_000_000,
    finishedAt: 1_750_000_060_000,
    ...overrides,
  };
}

/** `count` results for one target: the first `passing` pass, the rest fail. */
export function buildResults(options: {
  count: number;
  passing: number;
  targetId?: string;
  runId?: string;
  promptId?: string;
  costUsd?: number | null;
  repeat?: number;
}): EvalResult[] {
  return Array.from({ length: options.count }, (_, index) =>
    buildResult({
      caseId: `case-${String(index).padStart(4, '0')}`,
      passed: index < options.passing,
      ...(options.targetId === undefined ? {} : { targetId: options.targetId }),
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.promptId === undefined ? {} : { promptId: options.promptId }),
      ...(options.costUsd === undefined ? {} : { costUsd: options.costUsd }),
      ...(options.repeat === undefined ? {} : { repeat: options.repeat }),
    }),
  );
}
