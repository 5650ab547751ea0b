// Adding a policy or a surrogate is one descriptor plus one registration; everything that
// names policies and surrogates (campaign specs, the HTTP planner, `sdfl bench`) takes them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignSpecError } from '../../src/campaigns/campaign-spec.js';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { benchmarkReportSchema } from '../../src/benchmark/index.js';
import { loadSurrogate, registerSurrogate, surrogates } from '../../src/models/surrogates/registry.js';
import { policies, registerPolicy } from '../../src/planning/index.js';
import { openDatabase } from '../../src/store/database.js';
import { testDeps } from '../campaigns/helpers.js';
import { runCli } from '../support/run-cli.js';
import { json, testServer } from '../server/helpers.js';
import { lcbPolicy, nearestSurrogateDescriptor } from '../support/toy-extensions.js';

const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(...a.map((v, k) => v - b[k]));

beforeAll(() => {
  registerPolicy(lcbPolicy);
  registerSurrogate(nearestSurrogateDescriptor);
});
afterAll(() => {
  policies.unregister('lcb');
  surrogates.unregister('nearest');
});

describe('a policy and a surrogate registered from code', () => {
  it('run a campaign from a spec that names them, with their options', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, {
      name: 'toy', kind: 'optimisation', seed: 3, overlapPlanning: false,
      policy: 'lcb', policyOptions: { kappa: 2 },
      surrogate: { kind: 'nearest', stdPerUnitDistance: 5 },
      initialDesign: { sampler: 'lhs', count: 3 }, budget: 5,
    }, new Date());
    const state = await runCampaign(db, id, testDeps());
    expect(state.status).toBe('completed');
    const policyProposals = state.proposals.filter((p) => p.reason === 'policy');
    expect(policyProposals).toHaveLength(2);
    // The nearest-neighbour surrogate made these predictions: the value of the closest earlier
    // measurement, with std = 5 x the distance to it.
    for (const proposal of policyProposals) {
      const earlier = state.proposals.slice(0, state.proposals.indexOf(proposal)).filter((p) => p.status === 'measured');
      const nearest = earlier.reduce((a, b) => (distance(a.unit, proposal.unit) <= distance(b.unit, proposal.unit) ? a : b));
      expect(proposal.predictedStd).toBeCloseTo(5 * distance(nearest.unit, proposal.unit), 9);
      expect(proposal.predictedMean).toBe(nearest.status === 'measured' ? nearest.value : undefined);
    }
    const plannerState = state.plannerState as { options: { policy: string; policyOptions: unknown; surrogate: unknown } };
    expect(plannerState.options).toMatchObject({ policy: 'lcb', policyOptions: { kappa: 2 }, surrogate: { kind: 'nearest', stdPerUnitDistance: 5 } });
  });

  it('check their options in a spec like the built-in ones do', () => {
    const db = openDatabase(':memory:');
    const spec = { name: 'toy', kind: 'optimisation', policy: 'lcb', surrogate: { kind: 'nearest' } };
    const problems = (raw: Record<string, unknown>) => {
      try {
        createCampaign(db, raw, new Date());
      } catch (error) {
        return (error as CampaignSpecError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ ...spec, policyOptions: { kapa: 2 } })).toMatch(/policyOptions: Unrecognized key: "kapa" \(policy 'lcb'\)/);
    expect(problems({ ...spec, surrogate: { kind: 'nearest', std: 1 } })).toMatch(/surrogate: Unrecognized key: "std"/);
    expect(problems({ ...spec, policy: 'lcd' })).toMatch(/policy: unknown policy 'lcd'; known: .*lcb/);
  });

  it('serve the HTTP planner, which lists them with their options and defaults', async () => {
    const { app } = await testServer();
    const listed = (await json(app, { method: 'GET', url: '/api/policies' })).body as { name: string; defaults: unknown; options: { properties: Record<string, unknown> } }[];
    const lcb = listed.find((p) => p.name === 'lcb');
    expect(lcb?.defaults).toEqual({ kappa: 1 });
    expect(Object.keys(lcb?.options.properties ?? {})).toEqual(['kappa']);
    const kinds = (await json(app, { method: 'GET', url: '/api/surrogates' })).body as { kind: string }[];
    expect(kinds.map((s) => s.kind)).toContain('nearest');

    const created = await json(app, {
      method: 'POST', url: '/api/planners',
      payload: {
        space: { parameters: [{ name: 'x', lower: 0, upper: 1 }, { name: 'y', lower: 0, upper: 1 }] },
        objective: { name: 'f', direction: 'maximize' },
        policy: 'lcb', policyOptions: { kappa: 2 }, surrogate: { kind: 'nearest' },
        initialDesign: { sampler: 'lhs', count: 3 },
      },
    });
    expect(created.status).toBe(201);
    const url = `/api/planners/${created.body.id}`;
    const design = (await json(app, { method: 'POST', url: `${url}/ask`, payload: { count: 3 } })).body.conditions as { id: string; point: { x: number; y: number } }[];
    const observations = design.map((c) => ({ id: c.id, point: c.point, value: c.point.x + c.point.y }));
    expect((await json(app, { method: 'POST', url: `${url}/tell`, payload: { observations } })).status).toBe(200);
    const [next] = (await json(app, { method: 'POST', url: `${url}/ask` })).body.conditions;
    expect(next.reason).toBe('policy');
    expect(next.acquisition).toBeCloseTo(next.predictedMean - 2 * next.predictedStd, 12);
    await app.close();
  });

  it('are benchmarked by `sdfl bench`, whose flags come from the registries', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sdfl-toy-bench-'));
    try {
      const file = join(directory, 'report.json');
      const run = await runCli([
        'bench', '--objective', 'branin', '--policy', 'lcb,nearest-lcb,nearest-ucb', '--kappa', '0.5',
        '--nearest', '{"stdPerUnitDistance":2}', '--enn', '{"members":3,"hiddenLayers":[6],"epochs":40}',
        '--init', '3', '--budget', '5', '--replicates', '2', '--workers', '0', '--quiet', '--json', file,
      ]);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      const report = benchmarkReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      expect(report.settings.policyOptions).toEqual({ lcb: { kappa: 0.5 } });
      expect(report.settings.surrogateOptions).toMatchObject({ nearest: { stdPerUnitDistance: 2 } });
      expect(report.results.map((r) => `${r.policy}/${r.replicate}`)).toEqual(['lcb/1', 'lcb/2', 'nearest-lcb/1', 'nearest-lcb/2', 'nearest-ucb/1', 'nearest-ucb/2']);
      // The initial design is shared by a replicate's policies; what follows is each policy's own.
      const lcbRun = report.results.find((r) => r.policy === 'nearest-lcb' && r.replicate === 1)!;
      const ucbRun = report.results.find((r) => r.policy === 'nearest-ucb' && r.replicate === 1)!;
      expect(lcbRun.points.slice(0, 3)).toEqual(ucbRun.points.slice(0, 3));
      expect(lcbRun.points.slice(3)).not.toEqual(ucbRun.points.slice(3));
      expect(run.out).toMatch(/\nnearest-lcb +\S+ \[/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('save and load fitted models through the registry', async () => {
    const trainer = nearestSurrogateDescriptor.createTrainer({ stdPerUnitDistance: 3 });
    const model = await trainer.fit([[0, 0], [1, 1]], [1, 2], undefined as never);
    const loaded = loadSurrogate(JSON.stringify(model.toJSON()));
    expect(Array.from(loaded.predict([[0.9, 0.8]]).mean)).toEqual([2]);
    expect(loaded.predict([[0, 0.5]]).std[0]).toBeCloseTo(1.5, 12);
  });
});
