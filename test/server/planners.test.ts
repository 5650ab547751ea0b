import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanner } from '../../src/planning/index.js';
import { plannerOptionsWithDefaults } from '../../src/server/planner-service.js';
import { askResultSchema, createPlannerBody, plannerCreatedSchema, plannerDetailSchema, tellResultSchema } from '../../src/server/api-schemas.js';
import { openDatabase } from '../../src/store/database.js';
import { numericRecord } from '../../src/domain/space.js';
import { FAST_ENN, json, temporaryDirectory, testDeps, testServer, type TestServer } from './helpers.js';

// Two inputs under a linear constraint; the objective peaks inside the feasible region.
const OPTIONS = {
  space: {
    parameters: [{ name: 'flowUlPerMin', lower: 0, upper: 100 }, { name: 'temperatureC', lower: 20, upper: 80 }],
    constraints: [{ name: 'load', coefficients: { flowUlPerMin: 1, temperatureC: 1 }, bound: 150 }],
  },
  objective: { name: 'yield', direction: 'maximize' },
  policy: 'ei',
  surrogate: FAST_ENN,
  seed: 7,
};
const objective = (p: Record<string, number>) => 10 - ((p.flowUlPerMin - 40) / 100) ** 2 - ((p.temperatureC - 55) / 60) ** 2;

describe('planners over HTTP', () => {
  const directory = temporaryDirectory();
  const file = join(directory.path, 'planners.sqlite');
  afterAll(() => directory.remove());

  it('asks and tells, keeps everything across a server restart, and matches an in-memory planner', async () => {
    const first = await testServer({ db: openDatabase(file) });
    const created = await json(first.app, { method: 'POST', url: '/api/planners', payload: OPTIONS });
    expect(created.status).toBe(201);
    const { id, options } = plannerCreatedSchema.parse(created.body);
    expect(options.initialDesign).toEqual({ sampler: 'lhs', count: 4 });

    // The same steps on a planner that never leaves memory.
    const reference = createPlanner(plannerOptionsWithDefaults(createPlannerBody.parse(OPTIONS)), { trainerFactory: testDeps().trainerFactory });

    const asked = askResultSchema.parse((await json(first.app, { method: 'POST', url: `/api/planners/${id}/ask`, payload: { count: 3 } })).body).conditions;
    const expected = await reference.ask(3);
    expect(asked).toEqual(expected);
    for (const c of asked) {
      expect(c.reason).toBe('initial-design');
      expect(numericRecord(c.point).flowUlPerMin + numericRecord(c.point).temperatureC).toBeLessThanOrEqual(150 + 1e-9);
    }
    const observations = asked.map((c) => ({ id: c.id, point: c.point, value: objective(numericRecord(c.point)) }));
    const told = await json(first.app, { method: 'POST', url: `/api/planners/${id}/tell`, payload: { observations } });
    expect(told.status).toBe(200);
    reference.tell(observations);
    const bestValue = Math.max(...observations.map((o) => o.value));
    expect(tellResultSchema.parse(told.body)).toMatchObject({ told: 3, observations: 3, best: { value: bestValue } });
    const fourth = (await json(first.app, { method: 'POST', url: `/api/planners/${id}/ask` })).body.conditions;
    expect(fourth).toEqual(await reference.ask(1));
    await first.app.close();
    first.db.close();

    const second = await testServer({ db: openDatabase(file) });
    try {
      const detail = plannerDetailSchema.parse((await json(second.app, { method: 'GET', url: `/api/planners/${id}` })).body);
      expect(detail.observations.map((o) => o.id)).toEqual(asked.map((c) => c.id));
      expect(detail.pending.map((c) => c.id)).toEqual([fourth[0].id]);
      expect(detail.best?.value).toBe(bestValue);
      expect(detail.options.seed).toBe(7);

      const last = { id: fourth[0].id, point: fourth[0].point, value: objective(fourth[0].point) };
      expect((await json(second.app, { method: 'POST', url: `/api/planners/${id}/tell`, payload: { observations: [last] } })).status).toBe(200);
      reference.tell(last);
      const byPolicy = askResultSchema.parse((await json(second.app, { method: 'POST', url: `/api/planners/${id}/ask`, payload: { count: 2 } })).body).conditions;
      expect(byPolicy.map((c) => c.reason)).toEqual(['policy', 'policy']);
      expect(byPolicy[0].predictedStd).toBeGreaterThan(0);
      expect(byPolicy).toEqual(await reference.ask(2));
      const list = (await json(second.app, { method: 'GET', url: '/api/planners' })).body;
      expect(list).toEqual([expect.objectContaining({ id, policy: 'ei', observations: 4 })]);
    } finally {
      await second.app.close();
      second.db.close();
    }
  });
});

describe('proposals over HTTP', () => {
  it('takes a result by proposal id alone, refuses an unknown id, and drops abandoned proposals', async () => {
    const { app } = await testServer();
    const { id } = (await json(app, { method: 'POST', url: '/api/planners', payload: { ...OPTIONS, policy: undefined } })).body;
    const url = `/api/planners/${id}`;
    const [a, b, c] = (await json(app, { method: 'POST', url: `${url}/ask`, payload: { count: 3 } })).body.conditions;
    const byId = await json(app, { method: 'POST', url: `${url}/tell`, payload: { observations: [{ id: a.id, value: objective(a.point) }] } });
    expect(byId.status).toBe(200);
    const unknown = await json(app, { method: 'POST', url: `${url}/tell`, payload: { observations: [{ id: 'c42', value: 1 }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/no pending proposal 'c42'/);
    const abandoned = await json(app, { method: 'POST', url: `${url}/abandon`, payload: { ids: [b.id] } });
    expect(abandoned.status).toBe(200);
    expect(abandoned.body.abandoned.map((x: { id: string }) => x.id)).toEqual([b.id]);
    expect(abandoned.body.pending.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const late = await json(app, { method: 'POST', url: `${url}/tell`, payload: { observations: [{ id: b.id, value: 1 }] } });
    expect(late.body.message).toMatch(/was abandoned/);
    const again = await json(app, { method: 'POST', url: `${url}/abandon`, payload: { ids: [b.id] } });
    expect(again.status).toBe(400);
    const detail = (await json(app, { method: 'GET', url })).body;
    expect(detail.options.policy).toBe('ei');
    expect(detail.observations.map((o: { id: string; point: unknown }) => [o.id, o.point])).toEqual([[a.id, a.point]]);
    await app.close();
  });
});

describe('mixed parameters over HTTP', () => {
  it('proposes whole numbers and category names, and takes them back in results', async () => {
    const { app } = await testServer();
    const space = { parameters: [{ name: 'ligandEquivalents', type: 'integer', lower: 1, upper: 4 }, { name: 'solvent', type: 'categorical', values: ['octadecene', 'toluene'] }, { name: 'concentrationMolar', lower: 0.001, upper: 0.1, scale: 'log' }] };
    const created = await json(app, { method: 'POST', url: '/api/planners', payload: { space, objective: { name: 'plqy', direction: 'maximize' }, surrogate: { kind: 'gp', restarts: 1 }, initialDesign: { sampler: 'lhs', count: 3 } } });
    expect(created.status).toBe(201);
    const url = `/api/planners/${created.body.id}`;
    for (let round = 0; round < 3; round++) {
      const { conditions } = (await json(app, { method: 'POST', url: `${url}/ask`, payload: { count: 2 } })).body;
      for (const c of conditions) {
        expect([1, 2, 3, 4]).toContain(c.point.ligandEquivalents);
        expect(['octadecene', 'toluene']).toContain(c.point.solvent);
      }
      const observations = conditions.map((c: { id: string; point: Record<string, number | string> }) => ({ id: c.id, value: (c.point.solvent === 'toluene' ? 1 : 0) + (c.point.ligandEquivalents as number) / 10 }));
      expect((await json(app, { method: 'POST', url: `${url}/tell`, payload: { observations } })).status).toBe(200);
    }
    const wrong = await json(app, { method: 'POST', url: `${url}/tell`, payload: { observations: [{ point: { ligandEquivalents: 2, solvent: 'water', concentrationMolar: 0.01 }, value: 1 }] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/'solvent' must be one of 'octadecene', 'toluene', got "water"/);
    const detail = (await json(app, { method: 'GET', url })).body;
    expect(detail.best.point.solvent).toBe('toluene');
    await app.close();
  });
});

describe('planner requests that go wrong', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await testServer();
    id = (await json(server.app, { method: 'POST', url: '/api/planners', payload: { ...OPTIONS, policy: 'random' } })).body.id;
  });
  afterAll(async () => {
    await server.app.close();
  });

  it.each([
    [{ ...OPTIONS, policy: 'sideways' }, /^body\.policy: /],
    [{ ...OPTIONS, objective: { name: 'yield' } }, /^body\.objective\.direction: /],
    [{ ...OPTIONS, space: { parameters: [{ name: 'x', lower: 1, upper: 0 }] } }, /^body\.space\.parameters\.0\.upper: upper must be greater than lower/],
    [{ ...OPTIONS, surrogate: { kind: 'enn', learningRate: -1 } }, /^body\.surrogate\.learningRate: Too small/],
    [{ ...OPTIONS, space: { ...OPTIONS.space, constraints: [{ name: 'impossible', coefficients: { flowUlPerMin: 1 }, bound: -5 }] } }, /impossible/],
  ])('creating with a bad body gets 400 naming the field (%#)', async (body, message) => {
    const { status, body: answer } = await json(server.app, { method: 'POST', url: '/api/planners', payload: body });
    expect(status).toBe(400);
    expect(answer.message).toMatch(message);
  });

  it('refuses bad observations, naming the observation and the field, and changes nothing', async () => {
    const tell = (observations: unknown) => json(server.app, { method: 'POST', url: `/api/planners/${id}/tell`, payload: { observations } });
    const good = { point: { flowUlPerMin: 10, temperatureC: 30 }, value: 1 };
    const cases: [unknown, RegExp][] = [
      [[good, { point: { flowUlPerMin: 10 }, value: 1 }], /observation 1: missing parameter 'temperatureC'/],
      [[{ point: { flowUlPerMin: 90, temperatureC: 75 }, value: 1 }], /observation 0: point is outside the parameter space: load/],
      [[{ point: { flowUlPerMin: 10, temperatureC: 30 }, value: 'high' }], /observation 0: value must be a finite number/],
      [[], /^body\.observations: /],
      [[{ point: { flowUlPerMin: 10, temperatureC: 30 }, Value: 1 }], /^body\.observations\.0: Unrecognized key: "Value"/],
    ];
    for (const [observations, message] of cases) {
      const { status, body } = await tell(observations);
      expect(status).toBe(400);
      expect(body.message).toMatch(message);
    }
    expect((await json(server.app, { method: 'GET', url: `/api/planners/${id}` })).body.observations).toEqual([]);
    expect((await tell([good])).body.observations).toBe(1);
  });

  it('answers 400 for a bad count and 404 for an unknown planner', async () => {
    const badCount = await json(server.app, { method: 'POST', url: `/api/planners/${id}/ask`, payload: { count: 0 } });
    expect(badCount.status).toBe(400);
    expect(badCount.body.message).toMatch(/^body\.count: /);
    for (const [method, url] of [['GET', '/api/planners/nope'], ['POST', '/api/planners/nope/ask'], ['POST', '/api/planners/nope/tell']] as const) {
      const payload = method === 'POST' && url.endsWith('tell') ? { observations: [{ point: {}, value: 1 }] } : undefined;
      const { status, body } = await json(server.app, { method, url, payload });
      expect(status).toBe(404);
      expect(body.message).toBe("no planner 'nope'");
    }
  });

  it('serves concurrent asks one after another, so no proposal is lost', async () => {
    const ask = () => json(server.app, { method: 'POST', url: `/api/planners/${id}/ask`, payload: { count: 2 } });
    const answers = await Promise.all([ask(), ask(), ask()]);
    const ids = answers.flatMap((a) => a.body.conditions.map((c: { id: string }) => c.id));
    expect(new Set(ids).size).toBe(6);
    const pending = (await json(server.app, { method: 'GET', url: `/api/planners/${id}` })).body.pending.map((c: { id: string }) => c.id);
    expect(pending.sort()).toEqual([...ids].sort());
  });
});
