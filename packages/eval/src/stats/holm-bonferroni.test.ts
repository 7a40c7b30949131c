import { describe, expect, it } from 'vitest';
import { holmBonferroni } from './holm-bonferroni.js';

describe('holmBonferroni', () => {
  it("matches R's p.adjust(method = 'holm')", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    const result = holmBonferroni({ pValues: [0.01, 0.04, 0.03, 0.005], alpha: 0.05 });
    expect(result.adjustedPValues.map((value) => Number(value.toFixed(10)))).toEqual([
      0.03, 0.06, 0.06, 0.02,
    ]);
    expect(result.rejected).toEqual([true, false, false, true]);
  });

  it('steps down: stops at the first hypothesis it cannot reject', () => {
    // Sorted: 0.001·3 = 0.003 rejects; 0.03·2 = 0.06 fails; so 0.04 fails even though 0.04 < 0.05.
    const result = holmBonferroni({ pValues: [0.04, 0.001, 0.03] });
    expect(result.rejected).toEqual([false, true, false]);
  });

  it('handles an empty family and rejects invalid p-values', () => {
    expect(holmBonferroni({ pValues: [] })).toEqual({ adjustedPValues: [], rejected: [] });
    expect(() => holmBonferroni({ pValues: [1.2] })).toThrow(/p-value #0/);
  });
});
