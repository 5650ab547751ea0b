// The dashboard's reading of the API against replies of the real server on a campaign it ran:
// every reply parses, and the live-view transforms agree with the server's own summary.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  campaignDetailSchema,
  campaignSummarySchema,
  controlReplySchema,
  eventListSchema,
  experimentListSchema,
  experimentSpectraSchema,
  type CampaignDetail,
} from '../../src/web/api-schemas.js';
import { bestSoFarData, featureRows, newestMeasuredExperimentId, spectrumPoints } from '../../src/web/live-data.js';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import type { SqliteDatabase } from '../../src/store/database.js';
import { json, smallCampaignSpec, testServer, untilIdle } from '../server/helpers.js';

describe('dashboard reading the API', () => {
  let app: FastifyInstance;
  let db: SqliteDatabase;
  let id: string;
  let detail: CampaignDetail;

  beforeAll(async () => {
    ({ app, db } = await testServer());
    const created = await json(app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec({ name: 'contract' }) });
    expect(created.status).toBe(201);
    id = created.body.id;
    detail = campaignDetailSchema.parse(await untilIdle(app, id));
  });
  afterAll(async () => {
    await app.close();
  });

  const get = async (url: string) => (await json(app, { method: 'GET', url })).body;

  it('reads the list and the campaign', async () => {
    const list = campaignSummarySchema.array().parse(await get('/api/campaigns'));
    expect(list.map((c) => c.id)).toEqual([id]);
    expect(detail.summary.status).toBe('completed');
    expect(detail.state.proposals).toHaveLength(detail.summary.measured + detail.summary.failed);
  });

  it('draws features and best-so-far that agree with the server summary', async () => {
    const experiments = experimentListSchema.parse(await get(`/api/campaigns/${id}/experiments`));
    const rows = featureRows(detail.state.proposals, experiments);
    expect(rows.map((r) => r.iteration)).toEqual(detail.state.proposals.map((_, i) => i + 1));
    expect(rows.map((r) => r.plIntensity)).toEqual(detail.state.proposals.map((p) => p.value));
    const { runs } = bestSoFarData(detail.state.proposals, 'maximize', 'mv', id);
    expect(runs.at(-1)?.best).toBe(detail.summary.best?.value);
    expect(runs.find((r) => r.best === detail.summary.best?.value)?.iteration).toBe(detail.summary.best?.iteration);
  });

  it('reads the newest experiment\'s processed spectra', async () => {
    const newest = newestMeasuredExperimentId(detail.state.proposals);
    expect(newest).not.toBeNull();
    const spectra = experimentSpectraSchema.parse(await get(`/api/experiments/${newest}/spectra`));
    const points = spectrumPoints(spectra);
    expect(points.absorbance.length).toBeGreaterThan(100);
    expect(points.pl.length).toBeGreaterThan(100);
    // The campaign's value for that experiment is the PL intensity the spectra recompute.
    const value = detail.state.proposals.find((p) => p.experimentId === newest)?.value;
    expect(spectra.features?.plIntensity).toBeCloseTo(value as number, 6);
  });

  it('reads the events after a sequence number and the controls\' replies', async () => {
    const events = eventListSchema.parse(await get(`/api/campaigns/${id}/events?after=0`));
    expect(events[0].type).toBe('created');
    expect(events.at(-1)?.type).toBe('completed');
    const later = eventListSchema.parse(await get(`/api/campaigns/${id}/events?after=${events.at(-3)!.seq}`));
    expect(later.map((e) => e.seq)).toEqual(events.slice(-2).map((e) => e.seq));
    // Recorded but not started, so the abort is answered at once and deterministically.
    const waiting = createCampaign(db, smallCampaignSpec({ name: 'to abort' }), new Date()).id;
    const aborted = await json(app, { method: 'POST', url: `/api/campaigns/${waiting}/abort`, payload: {} });
    expect(aborted.status).toBe(200);
    expect(controlReplySchema.parse(aborted.body)).toEqual({ id: waiting, requested: 'abort', status: 'aborted' });
  });
});
