import type { EvalResult } from '@sextant/spec';
import { bootstrapRatio } from '../stats/bootstrap-statistics.js';
import { passAtK, passHatK } from '../stats/pass-at-k.js';
import { quantilesExact } from '../stats/quantile-exact.js';
import { createSeededRandom } from '../stats/seeded-random.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { NumberBuffer } from './number-buffer.js';
import type { CostPerSuccess, GroupReport, KEstimate, RepeatStatistics } from './run-report.js';

/** What one case keeps across its repeats: four numbers, whatever the output size. */
interface CaseTally {
  samples: number;
  passes: number;
  results: number;
  costUsd: number;
}

export interface GroupSummaryOptions {
  seed: number;
  replicates: number;
}

/**
 * Accumulates one suite × prompt × target group from a stream of results. Keeps per case only the
 * tally above and per result only the latency and TTFT numbers, so memory grows by tens of bytes
 * per result and never with output size.
 */
export class GroupAccumulator {
  private readonly cases = new Map<string, CaseTally>();
  private readonly latencies = new NumberBuffer();
  private readonly firstChunks = new NumberBuffer();
  private model = '';
  private provider = '';
  private results = 0;
  private passed = 0;
  private failed = 0;
  private errors = 0;
  private scoreSum = 0;
  private knownSpendUsd = 0;
  private unknownPriceResults = 0;
  private judgeSpendUsd: number | null = null;
  private readonly tokens = { input: 0, output: 0, cachedInput: 0, reasoning: 0 };

  constructor(
    private readonly suite: string,
    private readonly promptId: string,
    private readonly targetId: string,
  ) {}

  add(result: EvalResult): void {
    if (this.results === 0) {
      this.model = result.model;
      this.provider = result.provider;
    }
    this.results += 1;
    const tally = this.cases.get(result.caseId) ?? {
      samples: 0,
      passes: 0,
      results: 0,
      costUsd: 0,
    };
    tally.results += 1;
    if (result.status === 'error') {
      this.errors += 1;
    } else {
      tally.samples += 1;
      this.scoreSum += result.score;
      if (result.passed) {
        this.passed += 1;
        tally.passes += 1;
      } else {
        this.failed += 1;
      }
      if (!result.cacheHit) {
        this.latencies.push(result.latencyMs);
        if (result.timeToFirstChunkMs !== null) this.firstChunks.push(result.timeToFirstChunkMs);
      }
    }
    if (result.costUsd === null) {
      this.unknownPriceResults += 1;
    } else {
      this.knownSpendUsd += result.costUsd;
      tally.costUsd += result.costUsd;
    }
    if (result.judgeCostUsd !== null) {
      this.judgeSpendUsd = (this.judgeSpendUsd ?? 0) + result.judgeCostUsd;
    }
    this.tokens.input += result.inputTokens;
    this.tokens.output += result.outputTokens;
    this.tokens.cachedInput += result.cachedInputTokens;
    this.tokens.reasoning += result.reasoningTokens;
    this.cases.set(result.caseId, tally);
  }

  summarize(options: GroupSummaryOptions): GroupReport {
    const judged = this.passed + this.failed;
    const [latencyP50, latencyP95] = quantilesExact(this.latencies.view(), [0.5, 0.95]);
    const [firstChunkP50] = quantilesExact(this.firstChunks.view(), [0.5]);
    return {
      suite: this.suite,
      promptId: this.promptId,
      targetId: this.targetId,
      model: this.model,
      provider: this.provider,
      cases: this.cases.size,
      results: this.results,
      passed: this.passed,
      failed: this.failed,
      errors: this.errors,
      passRate: judged === 0 ? null : this.passed / judged,
      passRateInterval:
        judged === 0 ? null : wilsonInterval({ successes: this.passed, total: judged }),
      meanScore: judged === 0 ? null : this.scoreSum / judged,
      latencyMs: {
        p50: latencyP50 ?? null,
        p95: latencyP95 ?? null,
        samples: this.latencies.length,
      },
      timeToFirstChunkMs: { p50: firstChunkP50 ?? null, samples: this.firstChunks.length },
      tokens: { ...this.tokens },
      spend: {
        targetUsd: this.unknownPriceResults > 0 ? null : this.knownSpendUsd,
        unknownPriceResults: this.unknownPriceResults,
        judgeUsd: this.judgeSpendUsd,
      },
      costPerSuccess: this.costPerSuccess(options),
      repeats: this.repeatStatistics(),
    };
  }

  private costPerSuccess(options: GroupSummaryOptions): CostPerSuccess {
    if (this.unknownPriceResults > 0) {
      return {
        usd: null,
        interval: null,
        reason: `price unknown for ${this.unknownPriceResults} of ${this.results} results`,
      };
    }
    if (this.passed === 0) {
      return { usd: null, interval: null, reason: 'no case passed' };
    }
    const tallies = [...this.cases.values()];
    const { estimate, interval } = bootstrapRatio({
      numerators: Float64Array.from(tallies, (tally) => tally.costUsd),
      denominators: Float64Array.from(tallies, (tally) => tally.passes),
      replicates: options.replicates,
      random: createSeededRandom(options.seed),
    });
    return { usd: estimate, interval, reason: null };
  }

  private repeatStatistics(): RepeatStatistics | null {
    let maxSamples = 0;
    let maxResults = 0;
    const flakyCaseIds: string[] = [];
    for (const [caseId, tally] of this.cases) {
      maxSamples = Math.max(maxSamples, tally.samples);
      maxResults = Math.max(maxResults, tally.results);
      if (tally.passes > 0 && tally.passes < tally.samples) flakyCaseIds.push(caseId);
    }
    if (maxResults < 2) return null;
    const passAt: KEstimate[] = [];
    const passHat: KEstimate[] = [];
    for (let k = 1; k <= maxSamples; k += 1) {
      let cases = 0;
      let anySum = 0;
      let allSum = 0;
      for (const { samples, passes } of this.cases.values()) {
        if (samples < k) continue;
        cases += 1;
        anySum += passAtK({ samples, correct: passes, k });
        allSum += passHatK({ samples, correct: passes, k });
      }
      passAt.push({ k, value: anySum / cases, cases });
      passHat.push({ k, value: allSum / cases, cases });
    }
    return { maxSamples, passAtK: passAt, passHatK: passHat, flakyCaseIds: flakyCaseIds.sort() };
  }
}
