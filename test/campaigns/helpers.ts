// Small, fast campaigns on the virtual lab for tests.
import { openRig } from '../../src/instruments/rig-factory.js';
import { surrogateTrainerFromSpec } from '../../src/models/surrogates/registry.js';
import type { CampaignDeps } from '../../src/campaigns/deps.js';

export const FAST_ENN = { kind: 'enn', members: 4, hiddenLayers: [8], epochs: 150, parallel: false } as const;

export function testDeps(): CampaignDeps {
  let tick = 0;
  return {
    openRig,
    // A fixed, advancing wall clock keeps logs identical from run to run.
    now: () => new Date(Date.UTC(2026, 0, 1) + 1000 * tick++),
    trainerFactory: (spec) => surrogateTrainerFromSpec(spec),
  };
}

export function explorationSpec(overrides: Record<string, unknown> = {}) {
  return { name: 'test exploration', kind: 'exploration', seed: 5, initialDesign: { sampler: 'lhs', count: 4 }, policy: 'mv', budget: 4, surrogate: FAST_ENN, ...overrides };
}
