import { describe, expect, it } from 'vitest';
import { DIGITAL_TWIN_ENN } from '../../src/campaigns/campaign-spec.js';
import type { SurrogateSpec } from '../../src/models/surrogates/registry.js';
import { createPlanner } from '../../src/planning/planner.js';
import { policies } from '../../src/planning/policies/registry.js';
import { ENN_DEFAULT_ADDITIVE_SHARE, resolveSurrogateSpec } from '../../src/planning/search-defaults.js';
import { toyGpTrainer } from './toy-surrogates.js';

/** The spec a planner hands its trainer factory, for a policy and a surrogate spec. */
function specUsed(policy: string, surrogate: SurrogateSpec): SurrogateSpec {
  const seen: SurrogateSpec[] = [];
  createPlanner({
    space: { parameters: [{ name: 'a', lower: 0, upper: 1 }] },
    objective: { name: 'y', direction: 'maximize' },
    policy,
    surrogate,
    initialDesign: { sampler: 'lhs', count: 4 },
    seed: 1,
  }, { trainerFactory: (spec) => { seen.push(spec); return toyGpTrainer(0.3); } });
  expect(seen).toHaveLength(1);
  return seen[0];
}

describe('default surrogate of a planner', () => {
  it('gives an ENN that seeks the optimum three quarters additive members', () => {
    expect(ENN_DEFAULT_ADDITIVE_SHARE).toBe(0.75);
    for (const policy of ['ei', 'ucb', 'eplt', 'ei-members']) {
      expect(specUsed(policy, { kind: 'enn', members: 8 })).toEqual({ kind: 'enn', members: 8, additiveShare: 0.75 });
    }
  });

  it('keeps full nets for the digital twin (mv), a named share and the paper pipeline, and leaves a GP alone', () => {
    expect(specUsed('mv', { kind: 'enn' })).toEqual({ kind: 'enn' });
    expect(specUsed('ei', { kind: 'enn', additiveShare: 0 })).toEqual({ kind: 'enn', additiveShare: 0 });
    expect(specUsed('ei', { kind: 'enn', additiveShare: 1 })).toEqual({ kind: 'enn', additiveShare: 1 });
    expect(specUsed('ei', DIGITAL_TWIN_ENN)).toEqual(DIGITAL_TWIN_ENN);
    expect(DIGITAL_TWIN_ENN.additiveShare).toBe(0);
    expect(specUsed('ei', { kind: 'gp' })).toEqual({ kind: 'gp' });
    expect(resolveSurrogateSpec({ kind: 'enn' }, policies.get('random'))).toEqual({ kind: 'enn' });
  });
});
