import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { json, smallCampaignSpec, testServer, untilIdle, type TestServer } from './helpers.js';

type Schema = Record<string, unknown>;
interface Operation { requestBody?: { required: boolean; content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema?: Schema }> }>; parameters: { name: string; in: string; required: boolean }[] }

const PLANNER = {
  space: { parameters: [{ name: 'x', lower: 0, upper: 1 }, { name: 'y', lower: 0, upper: 2 }] },
  objective: { name: 'z', direction: 'minimize' },
  policy: 'random',
};

describe('OpenAPI document', () => {
  let server: TestServer;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  let campaignId: string;
  let experimentId: number;
  let plannerId: string;

  const operation = (method: string, path: string): Operation => {
    const found = doc.paths[path]?.[method.toLowerCase()];
    if (!found) throw new Error(`${method} ${path} is not documented`);
    return found;
  };

  beforeAll(async () => {
    server = await testServer();
    const response = await json(server.app, { method: 'GET', url: '/api/openapi.json' });
    expect(response.status).toBe(200);
    doc = response.body;
    campaignId = (await json(server.app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec({ budget: 1 }) })).body.id;
    const detail = await untilIdle(server.app, campaignId);
    experimentId = detail.state.proposals[0].experimentId;
    plannerId = (await json(server.app, { method: 'POST', url: '/api/planners', payload: PLANNER })).body.id;
  });
  afterAll(async () => {
    await server.app.close();
  });

  it('is OpenAPI 3.1 and documents every route of the API', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = [
      ['GET', '/api/health'], ['GET', '/api/openapi.json'],
      ['GET', '/api/campaigns'], ['POST', '/api/campaigns'], ['GET', '/api/campaigns/{id}'], ['GET', '/api/campaigns/{id}/events'],
      ['POST', '/api/campaigns/{id}/pause'], ['POST', '/api/campaigns/{id}/resume'], ['POST', '/api/campaigns/{id}/abort'],
      ['GET', '/api/campaigns/{id}/export'], ['GET', '/api/campaigns/{id}/report'], ['GET', '/api/campaigns/{id}/experiments'], ['GET', '/api/campaigns/{id}/rig'],
      ['GET', '/api/campaigns/{id}/live'], ['GET', '/api/campaigns/{id}/stream'],
      ['GET', '/api/experiments/{id}'], ['GET', '/api/experiments/{id}/spectra'],
      ['GET', '/api/planners'], ['POST', '/api/planners'], ['POST', '/api/planners/{id}/ask'], ['POST', '/api/planners/{id}/tell'], ['GET', '/api/planners/{id}'],
    ];
    for (const [method, path] of routes) {
      const op = operation(method, path);
      expect(Object.keys(op.responses).some((status) => status.startsWith('2') || status === '101')).toBe(true);
      if (path.includes('{id}')) expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    }
    expect(operation('GET', '/api/campaigns/{id}/export').parameters).toContainEqual(expect.objectContaining({ name: 'format', in: 'query', required: false }));
  });

  it('describes request bodies with the schemas the server validates with', () => {
    const campaignBody = ajv.compile(operation('POST', '/api/campaigns').requestBody!.content['application/json'].schema);
    expect(campaignBody(smallCampaignSpec())).toBe(true);
    expect(campaignBody({ ...smallCampaignSpec(), lab: { kind: 'virtual', clock: 'realtime', speedFactor: 20 } })).toBe(true);
    expect(campaignBody({ ...smallCampaignSpec(), budget: -1 })).toBe(false);
    expect(campaignBody({ ...smallCampaignSpec(), kind: 'party' })).toBe(false);

    const plannerBody = ajv.compile(operation('POST', '/api/planners').requestBody!.content['application/json'].schema);
    expect(plannerBody(PLANNER)).toBe(true);
    expect(plannerBody({ ...PLANNER, policy: undefined })).toBe(true); // the registry's default policy
    expect(plannerBody({ ...PLANNER, space: undefined })).toBe(false);
    expect(plannerBody({ ...PLANNER, extra: 1 })).toBe(false);
    expect(operation('POST', '/api/planners/{id}/ask').requestBody!.required).toBe(false);
    expect(operation('POST', '/api/planners/{id}/tell').requestBody!.required).toBe(true);
  });

  it('matches every JSON answer the API gives', async () => {
    const condition = (await json(server.app, { method: 'POST', url: `/api/planners/${plannerId}/ask`, payload: { count: 1 } })).body.conditions[0];
    const requests: [string, string, string, unknown?][] = [
      ['GET', '/api/health', '/api/health'],
      ['GET', '/api/campaigns', '/api/campaigns'],
      ['GET', `/api/campaigns/${campaignId}`, '/api/campaigns/{id}'],
      ['GET', `/api/campaigns/${campaignId}/events`, '/api/campaigns/{id}/events'],
      ['GET', `/api/campaigns/${campaignId}/experiments`, '/api/campaigns/{id}/experiments'],
      ['GET', `/api/campaigns/${campaignId}/rig`, '/api/campaigns/{id}/rig'],
      ['GET', `/api/experiments/${experimentId}`, '/api/experiments/{id}'],
      ['GET', `/api/experiments/${experimentId}/spectra`, '/api/experiments/{id}/spectra'],
      ['POST', `/api/planners/${plannerId}/ask`, '/api/planners/{id}/ask', { count: 2 }],
      ['POST', `/api/planners/${plannerId}/tell`, '/api/planners/{id}/tell', { observations: [{ id: condition.id, point: condition.point, value: 0.5 }] }],
      ['GET', `/api/planners/${plannerId}`, '/api/planners/{id}'],
      ['GET', '/api/planners', '/api/planners'],
      ['POST', '/api/planners', '/api/planners', PLANNER],
      ['POST', `/api/campaigns/${campaignId}/pause`, '/api/campaigns/{id}/pause'],
      ['GET', '/api/campaigns/nope', '/api/campaigns/{id}'],
      ['GET', '/api/campaigns/x/events?after=-2', '/api/campaigns/{id}/events'],
    ];
    const errorSchema = ajv.compile(doc.components.schemas.Error);
    for (const [method, url, path, payload] of requests) {
      const { status, body } = await json(server.app, { method: method as 'GET' | 'POST', url, payload: payload as object });
      const documented = operation(method, path).responses[String(status)];
      expect(documented, `${method} ${url} answered ${status}, which is not documented`).toBeDefined();
      const schema = documented.content?.['application/json']?.schema;
      const validate = status >= 400 ? errorSchema : ajv.compile(schema as Schema);
      expect(validate(body), `${method} ${url}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});
