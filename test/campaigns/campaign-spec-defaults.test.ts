// What a spec that names no surrogate gets: the GP for an optimisation (the measured winner on
// unseen problems), the paper's ENN for the digital-twin exploration; the HTTP planner and
// benchmark entries follow the registry's default.
import { describe, expect, it } from 'vitest';
import { policyPlan } from '../../src/benchmark/policies.js';
import { DIGITAL_TWIN_ENN, parseCampaignSpec } from '../../src/campaigns/campaign-spec.js';
import { PAPER_PIPELINE } from '../../src/campaigns/pipeline.js';
import { plannerOptionsFor } from '../../src/campaigns/planner-setup.js';
import { withPlannerDefaults } from '../../src/planning/planner-defaults.js';

describe('default surrogates', () => {
  it('an optimisation campaign gets the GP, an exploration the ENN twin, and a named model is kept', () => {
    expect(parseCampaignSpec({ name: 'o', kind: 'optimisation' })).toMatchObject({ surrogate: { kind: 'gp' }, policy: 'ei' });
    expect(parseCampaignSpec({ name: 'e', kind: 'exploration' })).toMatchObject({ surrogate: { kind: 'enn', bootstrap: true, hiddenLayers: [16, 16] }, policy: 'mv' });
    expect(parseCampaignSpec({ name: 'o', kind: 'optimisation', surrogate: { kind: 'enn', members: 4 } })).toMatchObject({ surrogate: { kind: 'enn', members: 4 } });
  });

  it('the planner and benchmark entries without a surrogate use the GP; the paper pipeline names the ENN', () => {
    const space = { parameters: [{ name: 'x', lower: 0, upper: 1 }] };
    expect(withPlannerDefaults({ space, objective: { name: 'y', direction: 'maximize' } }).surrogate).toEqual({ kind: 'gp' });
    expect(withPlannerDefaults({ space, objective: { name: 'y', direction: 'maximize' }, policy: 'random' }).surrogate).toBeUndefined();
    expect(policyPlan('ei')).toEqual({ acquisition: 'ei', surrogate: 'gp' });
    expect(policyPlan('enn-ei')).toEqual({ acquisition: 'ei', surrogate: 'enn' });
    expect(PAPER_PIPELINE.surrogate).toEqual(DIGITAL_TWIN_ENN);
  });
});

describe('acquisition-search settings of a campaign', () => {
  it('are passed to the planner as given, and left out when not given', () => {
    const spec = parseCampaignSpec({ name: 'o', kind: 'optimisation', surrogate: { kind: 'enn' }, optimizer: { trustRegion: false, poolSize: 512 } });
    if (spec.kind !== 'optimisation') throw new Error('expected an optimisation spec');
    expect(plannerOptionsFor(spec, []).optimizer).toEqual({ trustRegion: false, poolSize: 512 });
    const plain = parseCampaignSpec({ name: 'o', kind: 'optimisation' });
    if (plain.kind !== 'optimisation') throw new Error('expected an optimisation spec');
    expect('optimizer' in plannerOptionsFor(plain, [])).toBe(false);
  });

  it('refuse an unknown key, naming where it is', () => {
    expect(() => parseCampaignSpec({ name: 'o', kind: 'optimisation', optimizer: { trustRegion: { side: 0.5 } } })).toThrow(/optimizer\.trustRegion/);
    expect(() => parseCampaignSpec({ name: 'o', kind: 'optimisation', optimizer: { trustRegion: true } })).toThrow(/optimizer\.trustRegion/);
  });
});
