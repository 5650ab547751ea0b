import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { convert } from 'jcampconverter';
import { RIG_INPUT_NAMES } from '../../src/domain/rig-space.js';
import { getExperiment } from '../../src/store/experiments.js';
import {
  campaignDetailSchema,
  campaignEventSchema,
  campaignSummarySchema,
  experimentSchema,
  experimentSpectraSchema,
  healthSchema,
} from '../../src/server/api-schemas.js';
import { json, smallCampaignSpec, testServer, untilIdle, type TestServer } from './helpers.js';

describe('campaign API on a campaign the server ran', () => {
  let server: TestServer;
  let id: string;
  let detail: z.infer<typeof campaignDetailSchema>;

  beforeAll(async () => {
    server = await testServer();
    const created = await json(server.app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec() });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.summary.active).toBe(true);
    detail = campaignDetailSchema.parse(await untilIdle(server.app, id));
  });
  afterAll(async () => {
    await server.app.close();
  });

  it('reports health with the number of campaigns running here', async () => {
    const { status, body } = await json(server.app, { method: 'GET', url: '/api/health' });
    expect(status).toBe(200);
    expect(healthSchema.parse(body)).toMatchObject({ status: 'ok', database: ':memory:', campaignsRunning: 0 });
  });

  it('ran the posted spec to its budget in the background', async () => {
    expect(detail.summary.status).toBe('completed');
    expect(detail.summary.measured).toBe(5);
    const list = await json(server.app, { method: 'GET', url: '/api/campaigns' });
    expect(z.array(campaignSummarySchema).parse(list.body).map((c) => c.id)).toEqual([id]);
  });

  it('shows each proposal with its condition, reason, prediction and value', () => {
    const { proposals } = detail.state;
    expect(proposals).toHaveLength(5);
    for (const proposal of proposals) {
      expect(Object.keys(proposal.condition).sort()).toEqual([...RIG_INPUT_NAMES].sort());
      expect(proposal.status).toBe('measured');
      expect(proposal.value).toBeGreaterThan(0);
    }
    expect(proposals.slice(0, 3).every((p) => p.reason === 'initial-design' && p.predictedStd === undefined)).toBe(true);
    expect(proposals.slice(3).every((p) => p.reason === 'policy' && (p.predictedStd as number) > 0)).toBe(true);
    expect(detail.summary.best?.value).toBe(Math.max(...proposals.map((p) => p.value as number)));
  });

  it('lists log events after a sequence number, without planner snapshots', async () => {
    const all = z.array(campaignEventSchema).parse((await json(server.app, { method: 'GET', url: `/api/campaigns/${id}/events` })).body);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)?.type).toBe('completed');
    const proposed = all.filter((e) => e.type === 'proposed');
    expect(proposed).toHaveLength(5);
    for (const event of proposed) expect(event.payload).not.toHaveProperty('plannerState');
    const later = (await json(server.app, { method: 'GET', url: `/api/campaigns/${id}/events?after=5&limit=3` })).body;
    expect(later.map((e: { seq: number }) => e.seq)).toEqual([6, 7, 8]);
  });

  it('lists stored experiments with recipe flows and features', async () => {
    const { body } = await json(server.app, { method: 'GET', url: `/api/campaigns/${id}/experiments` });
    const experiments = z.array(experimentSchema).parse(body);
    expect(experiments.map((e) => e.id)).toEqual(detail.state.proposals.map((p) => p.experimentId));
    for (const [i, experiment] of experiments.entries()) {
      expect(experiment.features?.plIntensity).toBe(detail.state.proposals[i].value);
      expect(Object.keys(experiment.recipe.flowsUlPerMin)).toHaveLength(8);
      expect(experiment.measuredAtS).toBeGreaterThan(experiment.flowsStartedAtS as number);
    }
  });

  it('gives raw spectra by role and reprocesses them to the stored features', async () => {
    const experimentId = detail.state.proposals[0].experimentId as number;
    const { status, body } = await json(server.app, { method: 'GET', url: `/api/experiments/${experimentId}/spectra` });
    expect(status).toBe(200);
    const spectra = experimentSpectraSchema.parse(body);
    expect(Object.keys(spectra.raw).sort()).toEqual(['absorbance-dark', 'absorbance-reference', 'absorbance-sample', 'pl-dark', 'pl-sample']);
    const sample = spectra.raw['pl-sample'];
    expect(sample.counts).toHaveLength(sample.wavelengthsNm.length);
    const processed = spectra.processed!;
    expect(processed.absorbance.absorbance).toHaveLength(processed.absorbance.wavelengthsNm.length);
    expect(processed.pl.signal).toHaveLength(processed.pl.wavelengthsNm.length);
    // Same raw readings, same analysis: the features come out as stored by the campaign.
    const stored = getExperiment(server.db, experimentId)!.features!;
    expect(spectra.features?.plIntensity).toBeCloseTo(stored.plIntensity as number, 9);
    expect(spectra.features?.abs300).toBeCloseTo(stored.abs300 as number, 12);
    // The PL peak sits at the reported peak wavelength.
    const peakIndex = processed.pl.smoothed.indexOf(Math.max(...processed.pl.smoothed));
    expect(Math.abs(processed.pl.wavelengthsNm[peakIndex] - (stored.plPeakNm as number))).toBeLessThan(3);
  });

  it('exports csv, json and jcamp with their content types', async () => {
    const csv = await server.app.inject({ method: 'GET', url: `/api/campaigns/${id}/export?format=csv` });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${id}.csv"`);
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(1 + 5);
    expect(lines[0]).toContain('plIntensity');

    const exported = await server.app.inject({ method: 'GET', url: `/api/campaigns/${id}/export?format=json` });
    expect(exported.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(exported.json().experiments).toHaveLength(5);

    const jcamp = await server.app.inject({ method: 'GET', url: `/api/campaigns/${id}/export?format=jcamp` });
    expect(jcamp.headers['content-type']).toBe('chemical/x-jcamp-dx; charset=utf-8');
    expect(convert(jcamp.body).flatten.filter((block) => block.spectra.length > 0)).toHaveLength(5 * 5);
  });

  it('answers 404 for unknown campaigns and experiments on every route', async () => {
    const urls: [string, string][] = [
      ['GET', '/api/campaigns/nope'], ['GET', '/api/campaigns/nope/events'], ['GET', '/api/campaigns/nope/export'],
      ['GET', '/api/campaigns/nope/experiments'], ['GET', '/api/campaigns/nope/rig'], ['GET', '/api/campaigns/nope/stream'],
      ['POST', '/api/campaigns/nope/pause'], ['POST', '/api/campaigns/nope/abort'], ['POST', '/api/campaigns/nope/resume'],
      ['GET', '/api/experiments/999999'], ['GET', '/api/experiments/999999/spectra'], ['GET', '/api/nothing-here'],
    ];
    for (const [method, url] of urls) {
      const { status, body } = await json(server.app, { method: method as 'GET' | 'POST', url });
      expect({ url, status, error: body.error }).toEqual({ url, status: 404, error: 'not-found' });
      expect(body.message).toMatch(/nope|999999|nothing-here/);
    }
  });

  it('refuses to steer a finished campaign', async () => {
    for (const action of ['pause', 'abort', 'resume']) {
      const { status, body } = await json(server.app, { method: 'POST', url: `/api/campaigns/${id}/${action}` });
      expect(status).toBe(409);
      expect(body.message).toMatch(/already completed/);
    }
  });
});

describe('bad requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(async () => {
    await server.app.close();
  });

  it.each([
    [{ ...smallCampaignSpec(), budget: -1 }, /^body\.budget: /],
    [{ name: 'no kind' }, /^body\.kind: /],
    [{ ...smallCampaignSpec(), surrogate: { kind: 'enn', members: 4, learningRate: -1 } }, /body\.surrogate\.learningRate: Too small/],
    [{ name: 'informed', kind: 'optimisation', policy: 'ei', informedBy: ['missing-campaign'] }, /body\.informedBy: no campaign 'missing-campaign'/],
    [{ ...smallCampaignSpec(), lab: { kind: 'virtual', clock: 'sundial' } }, /^body\.lab\.clock: /],
  ])('a bad spec gets 400 naming the field (%#)', async (spec, message) => {
    const { status, body } = await json(server.app, { method: 'POST', url: '/api/campaigns', payload: spec });
    expect(status).toBe(400);
    expect(body.error).toBe('bad-request');
    expect(body.message).toMatch(message);
    expect((await json(server.app, { method: 'GET', url: '/api/campaigns' })).body).toEqual([]);
  });

  it.each([
    ['/api/campaigns/x/export?format=xml', /^query\.format: /],
    ['/api/campaigns/x/events?after=-1', /^query\.after: /],
    ['/api/campaigns/x/events?after=abc', /^query\.after: expected an integer/],
    ['/api/experiments/abc', /^path\.id: expected a positive integer/],
    ['/api/experiments/1.5/spectra', /^path\.id: expected a positive integer/],
  ])('GET %s gets 400 naming the parameter', async (url, message) => {
    const { status, body } = await json(server.app, { method: 'GET', url });
    expect(status).toBe(400);
    expect(body.message).toMatch(message);
  });

  it('answers malformed JSON with 400', async () => {
    const { status, body } = await json(server.app, { method: 'POST', url: '/api/campaigns', headers: { 'content-type': 'application/json' }, payload: '{"kind": "exploration",' });
    expect(status).toBe(400);
    expect(body.error).toBe('bad-request');
  });

  it('answers a body that is not JSON with 415', async () => {
    const { status, body } = await json(server.app, { method: 'POST', url: '/api/campaigns', headers: { 'content-type': 'text/plain' }, payload: 'kind: exploration' });
    expect(status).toBe(415);
    expect(body.error).toBe('unsupported-media-type');
  });

  it('answers a body over 1 MiB with 413 and keeps serving', async () => {
    const payload = JSON.stringify({ ...smallCampaignSpec(), name: 'x'.repeat(1024 * 1024) });
    const { status, body } = await json(server.app, { method: 'POST', url: '/api/campaigns', headers: { 'content-type': 'application/json' }, payload });
    expect(status).toBe(413);
    expect(body).toEqual({ error: 'payload-too-large', message: 'request body is larger than the limit of 1048576 bytes' });
    expect((await json(server.app, { method: 'GET', url: '/api/health' })).status).toBe(200);
  });

  it('turns an unexpected failure into a 500 JSON answer and keeps serving', async () => {
    server.db.prepare("INSERT INTO planners (id, created_at, updated_at, state_json) VALUES ('broken', 'x', 'x', '{\"format\":\"other\"}')").run();
    const { status, body } = await json(server.app, { method: 'GET', url: '/api/planners/broken' });
    expect(status).toBe(500);
    expect(body.error).toBe('internal');
    expect(body.message).toMatch(/planner state/);
    expect((await json(server.app, { method: 'GET', url: '/api/health' })).status).toBe(200);
  });

  it('shows a build hint at / when the dashboard is not built', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('npm run build:web');
  });
});

describe('steering a campaign the server runs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer({ intervals: { controlPollMs: 20 } });
  });
  afterAll(async () => {
    await server.app.close();
  });

  it('pauses after the current experiment, resumes, refuses a second run, then aborts', async () => {
    const { app } = server;
    // Real time at 400x: each experiment takes about a second, so requests land mid-run.
    const spec = smallCampaignSpec({ budget: 20, lab: { kind: 'virtual', clock: 'realtime', speedFactor: 400 } });
    const { body: created } = await json(app, { method: 'POST', url: '/api/campaigns', payload: spec });
    const id = created.id as string;

    const pause = await json(app, { method: 'POST', url: `/api/campaigns/${id}/pause` });
    expect(pause.status).toBe(200);
    expect(pause.body).toMatchObject({ id, requested: 'pause' });
    const paused = await untilIdle(app, id);
    expect(paused.summary.status).toBe('paused');
    expect(paused.summary.statusReason).toBe('paused by operator');
    const measuredWhenPaused = paused.summary.measured as number;
    expect(measuredWhenPaused).toBeLessThanOrEqual(1);

    const resumed = await json(app, { method: 'POST', url: `/api/campaigns/${id}/resume`, payload: { refilled: true } });
    expect(resumed.status).toBe(202);
    expect(resumed.body.summary).toMatchObject({ status: 'running', active: true });
    const again = await json(app, { method: 'POST', url: `/api/campaigns/${id}/resume` });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already running/);

    const abort = await json(app, { method: 'POST', url: `/api/campaigns/${id}/abort` });
    expect(abort.status).toBe(200);
    const aborted = await untilIdle(app, id);
    expect(aborted.summary.status).toBe('aborted');
    expect(aborted.summary.measured).toBeLessThan(spec.budget + 3);
    const types = (await json(app, { method: 'GET', url: `/api/campaigns/${id}/events` })).body.map((e: { type: string }) => e.type);
    expect(types).toContain('refilled');
    expect(types.at(-1)).toBe('aborted');
    expect((await json(app, { method: 'POST', url: `/api/campaigns/${id}/resume` })).status).toBe(409);
  });

  it('aborts a campaign nobody runs at once', async () => {
    const { app, db } = server;
    const { createCampaign } = await import('../../src/campaigns/campaign-service.js');
    const { id } = createCampaign(db, smallCampaignSpec(), new Date());
    const { status, body } = await json(app, { method: 'POST', url: `/api/campaigns/${id}/abort` });
    expect(status).toBe(200);
    expect(body).toEqual({ id, requested: 'abort', status: 'aborted' });
  });
});
