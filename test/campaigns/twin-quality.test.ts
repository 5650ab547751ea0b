// One computation of the twin's quality: the runner's model-fitted event (the dashboard's
// figure), the report and `sdfl insights` give the same split, sizes and R^2 on the same data,
// and no R^2 on fewer than 10 points.
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { describeTestR2, experimentsForTestR2, formatSplitR2, MIN_POINTS_FOR_R2, reportableR2, twinSplitSizes } from '../../src/domain/twin-quality.js';
import { createCampaign, summarizeCampaign } from '../../src/campaigns/campaign-service.js';
import { campaignInsights } from '../../src/campaigns/insights.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { trainTestSplit } from '../../src/models/metrics.js';
import { openDatabase } from '../../src/store/database.js';
import { insightsJson } from '../../src/reports/insights-output.js';
import { explorationSpec, FAST_ENN, testDeps } from './helpers.js';

describe('twin quality rule', () => {
  it('has the split sizes the split draws, and needs 48 experiments for 10 test points at 80/20', () => {
    for (const n of [10, 12, 47, 48, 60, 70]) {
      const split = trainTestSplit(n, 0.2, createRandom(n));
      expect(twinSplitSizes(n)).toEqual({ train: split.train.length, test: split.test.length });
    }
    expect(experimentsForTestR2()).toBe(48);
    expect(twinSplitSizes(47).test).toBeLessThan(MIN_POINTS_FOR_R2);
  });

  it('gives no R^2 on fewer than 10 points, and says why', () => {
    expect(reportableR2(0.8, 12)).toBe(0.8);
    expect(reportableR2(-19.9, 2)).toBeNull();
    expect(reportableR2(Number.NaN, 12)).toBeNull();
    expect(formatSplitR2(null, 2, 'test')).toBe('n/a, only 2 test points');
    expect(formatSplitR2(0.8291, 12, 'test')).toBe('0.829');
    expect(describeTestR2({ observations: 60, testR2: 0.8291, testSize: 12, trainR2: 0.9 } as never)).toBe('0.829 (test 12 of 60)');
    expect(describeTestR2({ observations: 10, testR2: null, testSize: 2 })).toBe('n/a, only 2 test points');
    expect(describeTestR2({ observations: 7, testR2: null, testSize: null })).toBe('n/a, only 7 experiments');
    // A log written before the sizes were recorded: the size its data imply, and the same rule.
    expect(describeTestR2({ observations: 10, testR2: 0.478 })).toBe('n/a, only 2 test points');
    expect(describeTestR2({ observations: 60, testR2: 0.478 })).toBe('0.478 (test 12 of 60)');
    expect(describeTestR2(null)).toBe('n/a, no twin fitted yet');
  });
});

describe('one twin quality for the dashboard, the report and sdfl insights', () => {
  it('the campaign logs the same split, sizes and R^2 that its insights compute, with and without enough test points', { timeout: 120_000 }, async () => {
    const db = openDatabase(':memory:');
    const deps = testDeps();
    const small = createCampaign(db, explorationSpec({ seed: 2, initialDesign: { sampler: 'lhs', count: 10 }, budget: 0 }), deps.now()).id;
    const large = createCampaign(db, explorationSpec({ seed: 3, initialDesign: { sampler: 'lhs', count: 50 }, budget: 0, surrogate: FAST_ENN }), deps.now()).id;
    for (const id of [small, large]) await runCampaign(db, id, deps);

    for (const [id, n] of [[small, 10], [large, 50]] as const) {
      const header = summarizeCampaign(db, id).twin!;
      const insights = await campaignInsights(db, id, { seed: 7, monteCarloPoints: 50, gridSize: 5 });
      const json = insightsJson(insights).twin as Record<string, unknown>;
      const { test, train } = twinSplitSizes(n);
      expect(header).toEqual({ observations: n, trainSize: train, testSize: test, trainR2: insights.twin!.quality.trainR2, testR2: insights.twin!.quality.testR2 });
      expect(json).toMatchObject({ trainSize: train, testSize: test, trainR2: header.trainR2, testR2: header.testR2 });
      // The split is the campaign's: another --seed changes the cross-validation, not the split.
      const other = await campaignInsights(db, id, { seed: 8, monteCarloPoints: 50, gridSize: 5 });
      expect(other.twin!.quality).toEqual(insights.twin!.quality);
      expect(other.twin!.parity.test.map((p) => p.index)).toEqual(insights.twin!.parity.test.map((p) => p.index));
    }
    expect(summarizeCampaign(db, small).twin).toMatchObject({ testSize: 2, testR2: null });
    const large60 = summarizeCampaign(db, large).twin!;
    expect(large60.testSize).toBe(10);
    expect(typeof large60.testR2).toBe('number');
  });
});
