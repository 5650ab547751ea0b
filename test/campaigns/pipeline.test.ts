import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { PAPER_SEARCH, runPipeline, pipelineCampaignIds } from '../../src/campaigns/pipeline.js';
import { getCampaignRecord } from '../../src/store/campaigns.js';
import { loadCampaignState, requestCampaignControl } from '../../src/campaigns/campaign-service.js';
import { FAST_ENN, testDeps } from './helpers.js';

const options = { seed: 4, initialDesign: 4, explorationBudget: 4, optimisationBudget: 2, surrogate: { ...FAST_ENN } };

function values(db: ReturnType<typeof openDatabase>, id: string) {
  return loadCampaignState(db, id).state.proposals.map((p) => [p.condition, p.value]);
}

describe('the pipeline', () => {
  it('resumes an interrupted pipeline by its id and ends as an uninterrupted one', async () => {
    const straightDb = openDatabase(':memory:');
    const straight = await runPipeline(straightDb, testDeps(), options, {}, 'straight');
    expect(straight.optimisations.map((o) => o.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    // The paper's informed campaigns search the whole region, not an ENN planner's default trust region.
    expect(PAPER_SEARCH).toEqual({ trustRegion: false });
    for (const id of Object.values(pipelineCampaignIds('straight').optimisations)) {
      expect((getCampaignRecord(straightDb, id)?.spec as { optimizer?: unknown }).optimizer).toEqual({ trustRegion: false });
    }

    const db = openDatabase(':memory:');
    const ids = pipelineCampaignIds('broken');
    let measured = 0;
    const first = await runPipeline(db, testDeps(), options, {
      eventsFor: (id) => (event) => {
        if (id === ids.twin && event.type === 'measured' && ++measured === 3) requestCampaignControl(db, id, 'pause', new Date());
      },
    }, 'broken');
    expect(first.twin.status).toBe('paused');
    expect(first.optimisations).toEqual([]);

    // The flags of the second call differ; the pipeline keeps the settings it started with.
    const resumed = await runPipeline(db, testDeps(), { ...options, seed: 99, explorationBudget: 50 }, {}, 'broken');
    expect(resumed.twin.status).toBe('completed');
    expect(resumed.optimisations.map((o) => o.id)).toEqual(Object.values(ids.optimisations));
    expect(values(db, ids.twin)).toEqual(values(straightDb, pipelineCampaignIds('straight').twin));
    for (const policy of ['ei', 'ucb', 'eplt', 'random'] as const) {
      expect(values(db, ids.optimisations[policy]), policy).toEqual(values(straightDb, pipelineCampaignIds('straight').optimisations[policy]));
    }
  });
});
