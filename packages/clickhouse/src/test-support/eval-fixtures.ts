import type { EvalResult, EvalRun } from '@sextant/spec';

export const TRICKY_TEXT = `O'Brien said "hi" \\ C:\\path\\n '); DROP TABLE sextant_eval_results; -- {runId:String} 漢字 🚀`;

export function makeRun(overrides: Partial<EvalRun> = {}): EvalRun {
  return {
    runId: 'run-1',
    suite: 'support-bot',
    description: 'nightly',
    gitSha: 'abc123',
    gitBranch: 'main',
    config: '{"models":["gpt-4o"]}',
    promptHash: 'p-hash',
    datasetHash: 'd-hash',
    baselineRunId: null,
    status: 'running',
    verdict: 'none',
    startedAt: 1_750_000_000_123,
    finishedAt: null,
    ...overrides,
  };
}

export function makeResult(overrides: Partial<EvalResult> = {}): EvalResult {
  return {
    runId: 'run-1',
    caseId: 'case-1',
    promptId: 'prompt-a',
    targetId: 'openai:gpt-4o',
    repeat: 0,
    suite: 'support-bot',
    model: 'gpt-4o',
    provider: 'openai',
    status: 'ok',
    errorType: null,
    errorMessage: null,
    output: 'Hello!',
    finishReason: 'stop',
    scores: [
      {
        name: 'exact',
        type: 'equals',
        score: 1,
        passed: true,
        reason: 'matched',
        weight: 1,
        required: true,
      },
    ],
    score: 1,
    passed: true,
    latencyMs: 812.5,
    timeToFirstChunkMs: 120.25,
    inputTokens: 1200,
    outputTokens: 80,
    cachedInputTokens: 1000,
    reasoningTokens: 0,
    costUsd: 0.00123,
    judgeCostUsd: null,
    judgeInputTokens: 0,
    judgeOutputTokens: 0,
    attempts: 1,
    retries: 0,
    cacheHit: false,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    startedAt: 1_750_000_001_456,
    ...overrides,
  };
}
