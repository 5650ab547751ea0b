// A planner that fails (a fit that diverges, no feasible point) pauses the campaign with the
// reason; a result measured while the failing ask ran is stored all the same.
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import type { CampaignDeps } from '../../src/campaigns/deps.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { listExperiments } from '../../src/store/experiments.js';
import { openDatabase } from '../../src/store/database.js';
import { explorationSpec, testDeps } from './helpers.js';

/** Campaign deps whose surrogate fit number `failOn` (counted from 1) rejects. */
function depsFailingFit(failOn: number): CampaignDeps {
  const deps = testDeps();
  let fits = 0;
  return {
    ...deps,
    trainerFactory: (spec) => {
      const inner = deps.trainerFactory(spec);
      return {
        kind: inner.kind,
        fit: (points, targets, random) => (++fits === failOn ? Promise.reject(new Error('fit diverged')) : inner.fit(points, targets, random)),
      };
    },
  };
}

describe('a planner that fails', () => {
  it('during an overlapped ask: the experiment running meanwhile is recorded, the campaign pauses and resumes', async () => {
    const db = openDatabase(':memory:');
    // Four design points; the first fit is the overlapped ask for proposal 5, made while experiment 4 runs.
    const { id } = createCampaign(db, explorationSpec({ budget: 3, overlapPlanning: true }), new Date());
    const paused = await runCampaign(db, id, depsFailingFit(1));
    expect(paused.status).toBe('paused');
    expect(paused.statusReason).toBe('planner failed: fit diverged');
    expect(paused.proposals.map((p) => p.status)).toEqual(['measured', 'measured', 'measured', 'measured']);
    expect(listExperiments(db, id).filter((e) => e.status === 'measured')).toHaveLength(4);

    const resumed = await runCampaign(db, id, testDeps());
    expect(resumed.status).toBe('completed');
    expect(resumed.proposals.map((p) => p.status)).toEqual(Array(7).fill('measured'));
    expect(resumed.proposals.every((p) => p.attempts === 1)).toBe(true);
  });

  it('when asked between experiments: the campaign pauses with the reason and nothing is half-recorded', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ budget: 3, overlapPlanning: false }), new Date());
    const paused = await runCampaign(db, id, depsFailingFit(2));
    expect(paused.status).toBe('paused');
    expect(paused.statusReason).toMatch(/^planner failed: fit diverged/);
    expect(paused.proposals.every((p) => p.status === 'measured')).toBe(true);
    expect(paused.proposals).toHaveLength(5);
    const resumed = await runCampaign(db, id, testDeps());
    expect(resumed.status).toBe('completed');
    expect(resumed.proposals).toHaveLength(7);
  });
});
