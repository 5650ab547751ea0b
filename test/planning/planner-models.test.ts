// The planner with the models layer's real surrogates.
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import type { NumericSpace } from '../../src/domain/space.js';
import { WARM_START_MIN_POINTS } from '../../src/models/gp-fit.js';
import { createPlanner, restorePlanner, type Planner, type NumericPlannerOptionsInput } from '../../src/planning/index.js';

const space: NumericSpace = {
  parameters: [
    { name: 'temperatureC', lower: 120, upper: 150 },
    { name: 'cuiFlowUlPerMin', lower: 50, upper: 250 },
    { name: 'csOleateFlowUlPerMin', lower: 30, upper: 250 },
  ],
  constraints: [{ name: 'Cs stream within CuI stream', coefficients: { csOleateFlowUlPerMin: 1, cuiFlowUlPerMin: -1 }, bound: 0 }],
};
/** A smooth response peaking at 145 C, 200 uL/min CuI, 100 uL/min Cs-oleate. */
function response(p: Record<string, number>): number {
  const t = (p.temperatureC - 145) / 15;
  const c = (p.cuiFlowUlPerMin - 200) / 80;
  const s = (p.csOleateFlowUlPerMin - 100) / 80;
  return 100 * Math.exp(-(t * t + c * c + s * s));
}
const options: NumericPlannerOptionsInput = {
  space,
  objective: { name: 'plIntensity', direction: 'maximize' },
  policy: 'ei',
  surrogate: { kind: 'enn', members: 6, hiddenLayers: [12, 12], epochs: 200, parallel: false },
  initialDesign: { sampler: 'lhs', count: 8 },
  seed: 11,
  optimizer: { poolSize: 1024, refineRounds: 8 },
};

async function loop(planner: Planner<Record<string, number>>, rounds: number, batch: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const asked = await planner.ask(batch);
    planner.tell(asked.map((c) => ({ id: c.id, point: c.point, value: response(c.point) })));
  }
}

describe('planner with the ENN surrogate (spec through the models layer)', () => {
  it('improves on its initial design', async () => {
    const planner = createPlanner(options);
    await loop(planner, 4, 2);
    const designBest = Math.max(...planner.observations().map((o) => o.value as number));
    await loop(planner, 6, 2);
    expect(planner.best()!.value).toBeGreaterThan(designBest);
    expect(planner.pending()).toEqual([]);
    const [next] = await planner.ask(1);
    expect(next.reason).toBe('policy');
    expect(next.predictedStd).toBeGreaterThan(0);
    expect(next.point.csOleateFlowUlPerMin).toBeLessThanOrEqual(next.point.cuiFlowUlPerMin + 1e-9);
  });

  it('per-member EI uses the ensemble members, and a restored planner asks the same', async () => {
    // The whole region: with an ENN's default trust region the proposal is scored by the local
    // model (test/planning/local-surrogate.test.ts), not by model(), which this compares with.
    const planner = createPlanner({ ...options, policy: 'ei-members', optimizer: { trustRegion: false } });
    await loop(planner, 5, 2);
    const restored = restorePlanner<Record<string, number>>(JSON.parse(JSON.stringify(planner.toJSON())));
    const next = await planner.ask(2);
    expect(await restored.ask(2)).toEqual(next);
    const model = await planner.model();
    const members = model.predict([next[0].unit]).members!;
    const best = planner.best()!.value!;
    const bruteForce = members.reduce((s, m) => s + Math.max(m[0] - best, 0), 0) / members.length;
    expect(next[0].acquisition).toBeCloseTo(bruteForce, 10);
  });
});

describe('planner with the GP surrogate', () => {
  const gpOptions: NumericPlannerOptionsInput = { ...options, policy: 'ucb', surrogate: { kind: 'gp', restarts: 2, maxIterations: 60 } };

  it('fits a GP from its spec, improves on the design and round-trips through JSON', async () => {
    const planner = createPlanner(gpOptions);
    await loop(planner, 4, 2);
    const designBest = Math.max(...planner.observations().map((o) => o.value as number));
    await loop(planner, 4, 2);
    expect(planner.best()!.value).toBeGreaterThan(designBest);
    expect((await planner.model()).kind).toBe('gp');
    const restored = restorePlanner<Record<string, number>>(JSON.parse(JSON.stringify(planner.toJSON())));
    expect(await restored.ask(2)).toEqual(await planner.ask(2));
  });

  it('rejects a bad spec, or per-member EI on a GP, when the planner is created', () => {
    expect(() => createPlanner({ ...gpOptions, surrogate: { kind: 'gp', restarts: 0 } })).toThrow(/invalid planner options[\s\S]*surrogate\.restarts/);
    expect(() => createPlanner({ ...gpOptions, surrogate: { kind: 'forest' } })).toThrow(/unknown surrogate 'forest'; known: enn, gp/);
    expect(() => createPlanner({ ...gpOptions, policy: 'ei-members' })).toThrow(/which a 'gp' surrogate does not give \(use 'enn'\)/);
  });
});

describe('GP warm starts across asks and saved state', () => {
  const cube: NumericSpace = { parameters: ['a', 'b', 'c'].map((name) => ({ name, lower: 0, upper: 1 })), constraints: [] };
  const f = (p: Record<string, number>) => Math.sin(3 * p.a) + p.b * p.b - 0.5 * p.c;
  const random = createRandom(5);
  // Enough points for warm starts to apply (WARM_START_MIN_POINTS).
  const prior = Array.from({ length: WARM_START_MIN_POINTS + 5 }, () => {
    const point = { a: random.uniform(), b: random.uniform(), c: random.uniform() };
    return { point, value: f(point) };
  });
  const warmOptions: NumericPlannerOptionsInput = {
    space: cube,
    objective: { name: 'y', direction: 'maximize' },
    policy: 'ei',
    surrogate: { kind: 'gp', worker: false },
    initialDesign: { sampler: 'lhs', count: 5 },
    seed: 21,
    optimizer: { poolSize: 512, refineRounds: 4 },
    prior,
  };
  const tellAll = (planner: Planner, conditions: { id: string; point: Record<string, number> }[]) =>
    planner.tell(conditions.map((c) => ({ id: c.id, point: c.point, value: f(c.point) })));

  it('saves what the last ask started from and ended with; a restored planner asks the same, also at the same data version', async () => {
    const original = createPlanner(warmOptions);
    expect(original.toJSON().warmStart).toBeUndefined();
    tellAll(original, await original.ask(1));
    await original.ask(2); // left pending: the next ask fits on the same data again
    const state = JSON.parse(JSON.stringify(original.toJSON()));
    expect(state.warmStart.fitted.kind).toBe('gp');
    expect(state.warmStart.used.kind).toBe('gp');
    expect(state.warmStart.dataVersion).toBe(state.dataVersion);
    const restored = restorePlanner(state);
    expect(await restored.ask(1)).toEqual(await original.ask(1));
    const pending = original.pending();
    tellAll(original, pending);
    tellAll(restored, pending);
    expect(await restored.ask(2)).toEqual(await original.ask(2));
    expect(restored.toJSON()).toEqual(original.toJSON());
  });

  it('calling model() between asks does not change what the planner asks', async () => {
    const quiet = createPlanner(warmOptions);
    const curious = createPlanner(warmOptions);
    for (const planner of [quiet, curious]) tellAll(planner, await planner.ask(1));
    const next = await quiet.ask(2);
    expect(await curious.ask(2)).toEqual(next);
    for (const planner of [quiet, curious]) planner.tell({ id: next[0].id, point: next[0].point, value: f(next[0].point) });
    await curious.model(); // a fit on data no ask has used yet
    for (const planner of [quiet, curious]) planner.tell({ id: next[1].id, point: next[1].point, value: f(next[1].point) });
    await curious.model();
    expect(await curious.ask(1)).toEqual(await quiet.ask(1));
    expect(curious.toJSON()).toEqual(quiet.toJSON());
  });

  it('a saved state from before warm starts still restores (its next fit is cold)', async () => {
    const planner = createPlanner(warmOptions);
    tellAll(planner, await planner.ask(1));
    const { warmStart: _dropped, ...older } = JSON.parse(JSON.stringify(planner.toJSON()));
    const restored = restorePlanner(older);
    const [condition] = await restored.ask(1);
    expect(condition.reason).toBe('policy');
    expect(restored.toJSON().warmStart?.used).toBeUndefined();
  });
});
