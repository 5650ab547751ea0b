import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_ENN, json, smallCampaignSpec, testServer, untilIdle, type TestServer } from './helpers.js';

describe('campaign report route', () => {
  let server: TestServer;
  let exploration: string;
  const optimisations: string[] = [];

  beforeAll(async () => {
    server = await testServer();
    exploration = (await json(server.app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec() })).body.id;
    await untilIdle(server.app, exploration);
    for (const policy of ['ei', 'random']) {
      const spec = { name: `opt ${policy}`, kind: 'optimisation', policy, budget: 2, informedBy: [exploration], surrogate: FAST_ENN, seed: 4 };
      const { status, body } = await json(server.app, { method: 'POST', url: '/api/campaigns', payload: spec });
      expect(status).toBe(201);
      optimisations.push(body.id);
      await untilIdle(server.app, body.id);
    }
  });
  afterAll(async () => {
    await server.app.close();
  });

  it('renders the policy comparison of the campaigns named as HTML', async () => {
    const url = `/api/campaigns/${optimisations[0]}/report?with=${optimisations[1]}`;
    const response = await server.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toMatch(/^<!DOCTYPE html>/i);
    expect(response.body).toContain('Fig. 8A');
    for (const id of optimisations) expect(response.body).toContain(id);
    expect(response.body).toContain('<svg');
    // Nothing new in the logs: the same report comes back.
    expect((await server.app.inject({ method: 'GET', url })).body).toBe(response.body);
  });

  it('reports an exploration too small for the twin analyses without failing', async () => {
    const response = await server.app.inject({ method: 'GET', url: `/api/campaigns/${exploration}/report` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(exploration);
  });

  it('answers 404 naming a campaign that does not exist', async () => {
    const { status, body } = await json(server.app, { method: 'GET', url: `/api/campaigns/${optimisations[0]}/report?with=nope` });
    expect(status).toBe(404);
    expect(body.message).toBe("no campaign 'nope'");
  });
});
