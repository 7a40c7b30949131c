/**
 * The gate settings a stored run was made with: the `gate` block of the suite configuration the
 * runner saved on the run row, over the defaults, then the command line's overrides.
 */
import type { GateSettings } from '@sextant/eval';
import type { EvalRun } from '@sextant/spec';
import { applyGateOverrides } from './parse-gate-overrides.js';
import type { GateFlags } from './parse-gate-overrides.js';

export async function gateSettingsOfRun(options: {
  run: EvalRun;
  flags: GateFlags;
}): Promise<GateSettings> {
  const { DEFAULT_GATE_SETTINGS } = await import('@sextant/eval');
  let saved: Partial<GateSettings> = {};
  try {
    const config = JSON.parse(options.run.config) as { gate?: Partial<GateSettings> };
    if (typeof config.gate === 'object' && config.gate !== null) saved = config.gate;
  } catch {
    // A run written by another tool may carry no configuration; the defaults apply.
  }
  return applyGateOverrides({
    settings: { ...DEFAULT_GATE_SETTINGS, ...saved },
    flags: options.flags,
  });
}
