import type { SimFaultRates } from '../catalog/resolve-catalog.js';
import type { RandomSource } from '../random/seeded-random.js';

export const FAULT_KINDS = [
  'rate_limit',
  'server_error',
  'overloaded',
  'connection_reset',
  'hang',
  'malformed_chunk',
  'stream_cut',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

const RATE_FIELDS: Record<FaultKind, keyof SimFaultRates> = {
  rate_limit: 'rateLimit',
  server_error: 'serverError',
  overloaded: 'overloaded',
  connection_reset: 'connectionReset',
  hang: 'hang',
  malformed_chunk: 'malformedChunk',
  stream_cut: 'streamCut',
};

/**
 * The fault for one attempt. A forced plan (from `x-sim-fault` or the model-name suffix) wins:
 * entry `attempt` applies, and the last entry holds for every later attempt (`rate_limit,none`
 * fails once then succeeds; `rate_limit` always fails). Without a plan one uniform draw walks
 * the catalog rates cumulatively in `FAULT_KINDS` order, so a rate of 1 always faults.
 */
export function chooseFault(options: {
  plan: readonly (FaultKind | null)[] | null;
  rates: SimFaultRates;
  attempt: number;
  random: RandomSource;
}): FaultKind | null {
  const { plan, rates, attempt, random } = options;
  if (plan && plan.length > 0) return plan[Math.min(attempt, plan.length - 1)] ?? null;
  const draw = random();
  let cumulative = 0;
  for (const kind of FAULT_KINDS) {
    cumulative += rates[RATE_FIELDS[kind]];
    if (draw < cumulative) return kind;
  }
  return null;
}

/** Parses `rate_limit,none,...`; returns an error message for an unknown kind. */
export function parseFaultPlan(text: string): readonly (FaultKind | null)[] | string {
  const plan: (FaultKind | null)[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === 'none' || entry === 'ok') plan.push(null);
    else if ((FAULT_KINDS as readonly string[]).includes(entry)) plan.push(entry as FaultKind);
    else return `unknown simulated fault "${entry}"; use none or one of ${FAULT_KINDS.join(', ')}`;
  }
  return plan;
}
