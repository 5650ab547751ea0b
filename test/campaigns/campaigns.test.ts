import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { appendEvent, readEvents } from '../../src/store/campaigns.js';
import { DEFAULT_RIG_GEOMETRY } from '../../src/chemistry/rig-geometry.js';
import { listExperiments, getSpectra } from '../../src/store/experiments.js';
import { createCampaign, loadCampaignState, requestCampaignControl, summarizeCampaign, listCampaigns } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { exportCampaign } from '../../src/campaigns/export.js';
import { CampaignSpecError } from '../../src/campaigns/campaign-spec.js';
import { convert } from 'jcampconverter';
import { explorationSpec, FAST_ENN, testDeps } from './helpers.js';

describe('campaign specs', () => {
  it('lists every problem at once and records nothing', () => {
    const db = openDatabase(':memory:');
    let error: unknown;
    try {
      createCampaign(db, { kind: 'exploration', name: '', budget: -3, seed: 0.5, policy: 'sideways', extra: 1 }, new Date());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CampaignSpecError);
    const problems = (error as CampaignSpecError).problems.join('\n');
    for (const field of ['name', 'budget', 'seed', 'policy']) expect(problems).toMatch(new RegExp(`^${field}:`, 'm'));
    expect(problems).toMatch(/Unrecognized key: "extra"/);
    expect(listCampaigns(db)).toEqual([]);
  });

  it('refuses a bad surrogate option before anything starts', () => {
    const db = openDatabase(':memory:');
    expect(() => createCampaign(db, explorationSpec({ surrogate: { kind: 'enn', members: 4, learningRate: -1 } }), new Date())).toThrow(/surrogate\.learningRate:/);
    expect(listCampaigns(db)).toEqual([]);
  });

  it('refuses an informed campaign whose source does not exist', () => {
    const db = openDatabase(':memory:');
    expect(() => createCampaign(db, { name: 'x', kind: 'optimisation', policy: 'ei', informedBy: ['nope'] }, new Date())).toThrow(/informedBy: no campaign 'nope'/);
  });
});

describe('running campaigns', () => {
  it('runs an exploration to its budget, recording every step before the next', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec(), new Date());
    const state = await runCampaign(db, id, testDeps());
    expect(state.status).toBe('completed');
    const types = readEvents(db, id).map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['created', 'reference-measured', 'proposed']);
    expect(types.filter((t) => t === 'measured')).toHaveLength(8);
    expect(types.at(-1)).toBe('completed');
    // Every started experiment is measured before the next one starts.
    const order = types.filter((t) => t === 'started' || t === 'measured');
    expect(order).toEqual(Array.from({ length: 8 }, () => ['started', 'measured']).flat());
    // Planning overlaps the running experiment: the next proposal is logged between a start and its result.
    const overlapped = types.filter((t, i) => t === 'proposed' && types[i - 1] === 'started' && types[i + 1] === 'measured');
    expect(overlapped).toHaveLength(7);
    const experiments = listExperiments(db, id);
    expect(experiments).toHaveLength(8);
    expect(state.proposals.slice(0, 4).every((p) => p.reason === 'initial-design')).toBe(true);
    expect(state.proposals.slice(4).every((p) => p.reason === 'policy')).toBe(true);
    const summary = summarizeCampaign(db, id);
    expect(summary.best?.value).toBe(Math.max(...state.proposals.map((p) => p.value as number)));
  });

  it('starts an informed optimisation from the earlier campaign\'s data, with no initial design', async () => {
    const db = openDatabase(':memory:');
    const twin = createCampaign(db, explorationSpec(), new Date()).id;
    await runCampaign(db, twin, testDeps());
    const { id } = createCampaign(db, { name: 'ei', kind: 'optimisation', policy: 'ei', budget: 2, informedBy: [twin], surrogate: FAST_ENN }, new Date());
    const state = await runCampaign(db, id, testDeps());
    expect(state.status).toBe('completed');
    expect(state.proposals.map((p) => p.reason)).toEqual(['policy', 'policy']);
    expect(state.proposals.every((p) => typeof p.predictedMean === 'number')).toBe(true);
  });

  it('pauses on request, then resumes to the same end as an uninterrupted run', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ overlapPlanning: false }), new Date());
    let measured = 0;
    const paused = await runCampaign(db, id, testDeps(), {
      onEvent: (event) => {
        if (event.type === 'measured' && ++measured === 3) requestCampaignControl(db, id, 'pause', new Date());
      },
    });
    expect(paused.status).toBe('paused');
    expect(paused.proposals.filter((p) => p.status === 'measured')).toHaveLength(3);
    const resumed = await runCampaign(db, id, testDeps());
    expect(resumed.status).toBe('completed');

    const reference = openDatabase(':memory:');
    const straight = createCampaign(reference, explorationSpec({ overlapPlanning: false }), new Date()).id;
    const uninterrupted = await runCampaign(reference, straight, testDeps());
    expect(resumed.proposals.map((p) => p.condition)).toEqual(uninterrupted.proposals.map((p) => p.condition));
    expect(resumed.proposals.map((p) => p.value)).toEqual(uninterrupted.proposals.map((p) => p.value));
  });

  it('aborts a paused campaign directly and refuses to resume it', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec(), new Date());
    requestCampaignControl(db, id, 'pause', new Date());
    expect((await runCampaign(db, id, testDeps())).status).toBe('paused');
    expect(requestCampaignControl(db, id, 'abort', new Date())).toBe('aborted');
    expect(loadCampaignState(db, id).state.status).toBe('aborted');
    expect(() => requestCampaignControl(db, id, 'pause', new Date())).toThrow(/already been aborted/);
  });

  it('pauses with a clear message when a syringe runs low', async () => {
    const db = openDatabase(':memory:');
    // A reserve that leaves the 50 mL syringes about one run each.
    const { id } = createCampaign(db, explorationSpec({ lowStockUl: 49_000 }), new Date());
    const state = await runCampaign(db, id, testDeps());
    expect(state.status).toBe('paused');
    expect(state.statusReason).toMatch(/^stock low: refill .*\b(cui|csOleate|odeCui|odeCs|oaOdeCs|oamOde)\b \(\d+ uL left, next run needs \d+ uL \+ 49000 uL reserve\).*then resume with --refilled$/);
    expect(state.statusReason).not.toMatch(/pfo/);
    expect(state.proposals.some((p) => p.status === 'queued')).toBe(true);
    // After a refill it goes on (and pauses again once the small reserve is reached).
    const measuredBefore = state.proposals.filter((p) => p.status === 'measured').length;
    appendEvent(db, id, 'refilled', { syringeLevelsUl: { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl } }, new Date());
    const after = await runCampaign(db, id, testDeps());
    expect(after.proposals.filter((p) => p.status === 'measured').length).toBeGreaterThan(measuredBefore);
  });

  it('exports CSV, JSON and JCAMP-DX', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ budget: 0 }), new Date());
    await runCampaign(db, id, testDeps());
    const csv = exportCampaign(db, id, 'csv').trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toMatch(/^campaignId,iteration,experimentId,status,reason,measuredAt,temperatureC,.*,pumpPfoFlowUlPerMin,reactionTimeS,residenceTimeS,abs300Au,plIntensityCountsPerS/);
    const json = JSON.parse(exportCampaign(db, id, 'json'));
    expect(json.experiments).toHaveLength(4);
    expect(json.experiments[0].experiment.features.plIntensity).toBeGreaterThan(0);
    const jcamp = exportCampaign(db, id, 'jcamp');
    const parsed = convert(jcamp, { keepRecordsRegExp: /.*/ });
    const blocks = parsed.flatten.filter((b) => b.spectra.length > 0);
    expect(blocks).toHaveLength(20);
    const first = listExperiments(db, id)[0];
    const pl = getSpectra(db, first.id)['pl-sample'];
    const plBlock = blocks.find((b) => b.title === `${id} experiment ${first.id} pl-sample`)!;
    expect(plBlock.spectra[0].data.y.length).toBe(pl.counts.length);
  });
});

describe('early stop of an exploration', () => {
  it('completes once the twin reaches the target test R^2 on at least 10 test points, before the budget', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ initialDesign: { sampler: 'lhs', count: 44 }, budget: 30, stopAtTestR2: 0.5, surrogate: { kind: 'enn' } }), new Date());
    const state = await runCampaign(db, id, testDeps());
    expect(state.status).toBe('completed');
    expect(state.statusReason).toMatch(/^twin test R\^2 0\.\d{3} reached the target 0\.5$/);
    const measured = state.proposals.filter((p) => p.status === 'measured').length;
    // Before 48 experiments the test part of the 80/20 split has fewer than 10 points: no R^2, no stop.
    expect(measured).toBeGreaterThanOrEqual(48);
    expect(measured).toBeLessThan(74);
    expect(state.lastModel?.testSize).toBeGreaterThanOrEqual(10);
    expect(state.lastModel?.testR2).toBeGreaterThanOrEqual(0.5);
    expect(state.lastModel?.observations).toBe(measured);
  });
});

describe('aborting a study', () => {
  it('stops at once with the rig in the safe state and refuses a pause', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, { name: 'long stability', kind: 'study', study: 'stability' }, new Date());
    expect(() => requestCampaignControl(db, id, 'pause', new Date())).toThrow(/is a study: it cannot be paused/);
    let rig: Awaited<ReturnType<ReturnType<typeof testDeps>['openRig']>> | undefined;
    const deps = testDeps();
    const opened = { ...deps, openRig: async (...args: Parameters<typeof deps.openRig>) => (rig = await deps.openRig(...args)) };
    const running = runCampaign(db, id, opened, { controlPollMs: 1, onProgress: (done) => { if (done === 3) requestCampaignControl(db, id, 'abort', new Date()); } });
    const state = await running;
    expect(state.status).toBe('aborted');
    expect(state.studyResult).toBeUndefined();
    const lab = rig as unknown as { state(): { pumps: Record<string, { state: string }>; heater: { mode: string } } };
    expect(Object.values(lab.state().pumps).every((p) => p.state !== 'running')).toBe(true);
    expect(lab.state().heater.mode).toBe('off');
  });
});

describe('a study campaign', () => {
  it('logs its result and counts the experiments it stored', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, { name: 'reaction time', kind: 'study', study: 'reaction-time' }, new Date());
    const state = await runCampaign(db, id, testDeps());
    expect(state.status).toBe('completed');
    expect(state.studyResult?.rows).toHaveLength(6);
    expect(summarizeCampaign(db, id)).toMatchObject({ kind: 'study', policy: 'reaction-time', measured: 6, failed: 0, planned: null });
  });
});
