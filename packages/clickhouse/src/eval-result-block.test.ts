import type { ScorerOutcome } from '@sextant/spec';
import { describe, expect, it } from 'vitest';
import { EvalResultBlockEncoder, RESULT_BLOCK_COLUMNS } from './eval-result-block.js';
import { toResultValues } from './eval-rows.js';
import { encodeNativeBlock } from './native-block.js';
import { TRICKY_TEXT, makeResult } from './test-support/eval-fixtures.js';

function scorer(name: string, score: number): ScorerOutcome {
  return {
    name,
    type: 'equals',
    score,
    passed: score > 0.5,
    reason: '',
    weight: 1,
    required: false,
  };
}

const RESULTS = [
  makeResult(),
  makeResult({
    runId: TRICKY_TEXT,
    caseId: `${TRICKY_TEXT}${'é漢🚀'.repeat(50)}`,
    output: 'x'.repeat(5_000),
    errorType: 'rate_limited',
    errorMessage: TRICKY_TEXT,
    finishReason: null,
    timeToFirstChunkMs: null,
    costUsd: null,
    judgeCostUsd: 0.5,
    cacheHit: true,
    repeat: 4_294_967_295,
    inputTokens: 9_007_199_254_740_991,
    startedAt: 1_750_000_000_999.7,
    scores: [scorer('judge', 0.25), scorer(TRICKY_TEXT, 1)],
  }),
  // Names an object would reorder or merge: index-like, duplicated, __proto__.
  makeResult({ scores: [scorer('b', 0.1), scorer('10', 0.2), scorer('2', 0.3), scorer('b', 0.4)] }),
  makeResult({ scores: [scorer('__proto__', 0.5), scorer('constructor', 0.6)] }),
  makeResult({ scores: [] }),
];

describe('EvalResultBlockEncoder', () => {
  it('gives the same bytes as encoding toResultValues rows, and again after reset', () => {
    const versions = RESULTS.map((_, index) => 1_750_000_000_000_000 + index);
    const expected = encodeNativeBlock(
      RESULT_BLOCK_COLUMNS,
      RESULTS.map((result, index) => toResultValues(result, versions[index] as number)),
    );
    const encoder = new EvalResultBlockEncoder(1);
    encoder.add(makeResult({ output: 'discarded by reset' }), 1);
    encoder.reset();
    RESULTS.forEach((result, index) => encoder.add(result, versions[index] as number));
    expect(encoder.rows).toBe(RESULTS.length);
    const block = Buffer.concat(encoder.finish());
    expect(block.length).toBe(expected.length);
    expect(block.equals(expected)).toBe(true);
  });

  it('writes started_at as the row path formats it, at every millisecond digit and second boundary', () => {
    const times = [
      0, 5, 50, 999, 1_000, 1_001.9, -1, -1_001, 1_750_000_000_007, 253_402_300_799_999,
    ];
    const results = times.map((startedAt) => makeResult({ startedAt }));
    const expected = encodeNativeBlock(
      RESULT_BLOCK_COLUMNS,
      results.map((result, index) => toResultValues(result, index + 1)),
    );
    const encoder = new EvalResultBlockEncoder(1);
    results.forEach((result, index) => encoder.add(result, index + 1));
    expect(Buffer.concat(encoder.finish()).equals(expected)).toBe(true);
    expect(expected.includes(Buffer.from('1969-12-31 23:59:58.999'))).toBe(true);
  });
});
