// The paper's digital-twin findings (Fig. 6-7) from the digital-twin campaign of the default
// `sdfl run` (seed 1: 9 LHS + 51 MV experiments on the virtual lab, default ENN), with the
// same analyses as `sdfl insights`.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignInsights, type CampaignInsights } from '../../src/campaigns/insights.js';
import { surfaceAxisTrend } from '../../src/reports/surface-trend.js';
import { openDatabase } from '../../src/store/database.js';
import { runNewCampaign } from './fixtures.js';
import { PAPER_PIPELINE } from '../../src/campaigns/pipeline.js';

let insights: CampaignInsights;

beforeAll(async () => {
  const db = openDatabase(':memory:');
  const id = await runNewCampaign(db, { name: 'digital twin (LHS + MV)', kind: 'exploration', seed: PAPER_PIPELINE.seed, initialDesign: { sampler: 'lhs', count: PAPER_PIPELINE.initialDesign }, policy: 'mv', budget: PAPER_PIPELINE.explorationBudget, surrogate: PAPER_PIPELINE.surrogate });
  insights = await campaignInsights(db, id, { seed: 1 });
  db.close();
}, 90_000);

describe('the digital twin of the default pipeline (60 virtual-lab experiments)', () => {
  it('is accurate: test R^2 of the 80/20 split and cross-validated R^2 at least 0.8', () => {
    const twin = insights.twin!;
    expect(twin.experiments).toBe(60);
    // The campaign's own 80/20 split: 12 test points, the figure the dashboard shows.
    expect(twin.quality.testSize).toBe(12);
    expect(twin.quality.testR2).toBeGreaterThanOrEqual(0.8);
    expect(twin.crossValidation.pooledR2).toBeGreaterThanOrEqual(0.8);
    expect(twin.quality.trainR2).toBeGreaterThanOrEqual(twin.quality.testR2! - 0.05);
  });

  it('ranks CuI and temperature as the two most important inputs, PL rising with both', () => {
    const { ranking } = insights.twin!.shap;
    expect(new Set(ranking.slice(0, 2).map((r) => r.name))).toEqual(new Set(['cuiFlowUlPerMin', 'temperatureC']));
    for (const input of ranking.slice(0, 2)) expect(input.trend).toBe('increasing');
    // OAm lowers PL (paper Fig. 5E and 7A).
    expect(ranking.find((r) => r.name === 'oamOdeFlowUlPerMin')!.trend).toBe('decreasing');
  });

  it('draws the response surface over those two inputs, PL rising along both', () => {
    const surface = insights.twin!.surface;
    expect(new Set([surface.xName, surface.yName])).toEqual(new Set(['cuiFlowUlPerMin', 'temperatureC']));
    for (const axis of ['x', 'y'] as const) {
      const trend = surfaceAxisTrend(surface, axis);
      expect(trend.steps).toBeGreaterThan(20);
      expect(trend.risingShare).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('draws the same rise in concentrations (Fig. 7B): PL rises with [CuI] in the droplet and with temperature', () => {
    const surface = insights.twin!.compositionSurface;
    expect(new Set([surface.xAxis, surface.yAxis])).toEqual(new Set(['cuMillimolar', 'temperatureC']));
    // The slice is held where the rig can run most of it.
    expect(surface.anchorFeasibleShare).toBeGreaterThan(0.3);
    for (const axis of ['x', 'y'] as const) expect(surfaceAxisTrend(surface, axis).risingShare).toBeGreaterThanOrEqual(0.9);
  });

  it('grows more certain with more data: the twin on all 60 is less uncertain than on the first 10', () => {
    const sizes = insights.twin!.uncertainty.bySize;
    expect(sizes.map((s) => s.size)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(sizes[sizes.length - 1].meanStd).toBeLessThan(sizes[0].meanStd);
  });
});
