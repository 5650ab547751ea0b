import { describe, expect, it } from 'vitest';
import type { Random } from '../../src/domain/random.js';
import { rigParameterSpace } from '../../src/domain/rig-space.js';
import { violations, recordToPoint, toUnit, type NumericSpace } from '../../src/domain/space.js';
import type { Surrogate, SurrogateTrainer } from '../../src/models/surrogate.js';
import { createPlanner, expectedImprovement, restorePlanner, type Planner, type NumericPlannerOptionsInput } from '../../src/planning/index.js';
import { nearestDistance } from '../../src/planning/region.js';
import { fixedTrainer, functionEnsemble, toyGpTrainer } from './toy-surrogates.js';

/** Two inputs in physical units with a cut: temperature + 2 * flow <= 300. */
const space: NumericSpace = {
  parameters: [
    { name: 'temperatureC', lower: 100, upper: 200 },
    { name: 'flowUlPerMin', lower: 0, upper: 100 },
  ],
  constraints: [{ name: 'heat load', coefficients: { temperatureC: 1, flowUlPerMin: 2 }, bound: 300 }],
};
/** A smooth bump peaking at 170 C, 40 uL/min (feasible: 170 + 80 = 250 <= 300). */
function yieldAt(point: Record<string, number>): number {
  const t = (point.temperatureC - 170) / 30;
  const f = (point.flowUlPerMin - 40) / 25;
  return 10 * Math.exp(-(t * t + f * f));
}

function options(overrides: Partial<NumericPlannerOptionsInput> = {}): NumericPlannerOptionsInput {
  return {
    space,
    objective: { name: 'yield', direction: 'maximize' },
    policy: 'ei',
    surrogate: { kind: 'toy-gp' },
    initialDesign: { sampler: 'lhs', count: 5 },
    seed: 7,
    optimizer: { poolSize: 1024 },
    ...overrides,
  };
}
const gp = { trainerFactory: () => toyGpTrainer(0.3) };

/** Spy trainer: records the data of every fit and delegates to the toy GP. */
function spyTrainer(): SurrogateTrainer & { fits: { points: number[][]; targets: number[] }[] } {
  const inner = toyGpTrainer(0.3);
  const spy = {
    kind: 'spy',
    fits: [] as { points: number[][]; targets: number[] }[],
    fit(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random): Promise<Surrogate> {
      spy.fits.push({ points: points.map((p) => Array.from(p)), targets: Array.from(targets) });
      return inner.fit(points, targets, random);
    },
  };
  return spy;
}

async function runLoop(planner: Planner<Record<string, number>>, iterations: number, f: (p: Record<string, number>) => number, batch = 1): Promise<void> {
  for (let i = 0; i < iterations; i++) {
    const asked = await planner.ask(batch);
    planner.tell(asked.map((c) => ({ id: c.id, point: c.point, value: f(c.point) })));
  }
}

describe('ask/tell planner', () => {
  it('serves the initial design first, counting pending and told points, then the policy', async () => {
    const planner = createPlanner(options(), gp);
    const first = await planner.ask(3);
    expect(first.map((c) => c.reason)).toEqual(['initial-design', 'initial-design', 'initial-design']);
    expect(first.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    planner.tell(first.map((c) => ({ id: c.id, point: c.point, value: yieldAt(c.point) })));
    const second = await planner.ask(4);
    expect(second.map((c) => c.reason)).toEqual(['initial-design', 'initial-design', 'policy', 'policy']);
    const policyPoint = second[2];
    expect(policyPoint.predictedMean).toBeTypeOf('number');
    expect(policyPoint.predictedStd).toBeGreaterThan(0);
    expect(policyPoint.acquisition).toBeGreaterThanOrEqual(0);
    expect(planner.pending().map((c) => c.id)).toEqual(second.map((c) => c.id));
  });

  it('proposes only feasible points, with physical and unit coordinates that agree', async () => {
    const rig = rigParameterSpace();
    const center = Object.fromEntries(rig.parameters.map((p) => [p.name, (p.lower + p.upper) / 2]));
    const planner = createPlanner(options({ space: rig, initialDesign: { sampler: 'sobol', count: 6 } }), gp);
    await runLoop(planner, 3, (p) => -Object.keys(p).reduce((s, k) => s + ((p[k] - center[k]) / 100) ** 2, 0), 3);
    for (const c of [...planner.pending(), ...(await planner.ask(4))]) {
      expect(violations(rig, recordToPoint(rig, c.point))).toEqual([]);
      const unit = toUnit(rig, recordToPoint(rig, c.point));
      unit.forEach((u, i) => expect(u).toBeCloseTo(c.unit[i], 12));
    }
  });

  it('improves on its initial design on a smooth function', async () => {
    const planner = createPlanner(options(), gp);
    await runLoop(planner, 5, yieldAt);
    const designBest = Math.max(...planner.observations().map((o) => o.value as number));
    await runLoop(planner, 12, yieldAt);
    const best = planner.best()!;
    expect(best.value).toBeGreaterThan(designBest);
    expect(best.value).toBeGreaterThan(9.5);
    expect(Math.abs(best.point.temperatureC - 170)).toBeLessThan(10);
  });

  it('minimises when asked to', async () => {
    const loss = (p: Record<string, number>) => 10 - yieldAt(p);
    const planner = createPlanner(options({ objective: { name: 'loss', direction: 'minimize' } }), gp);
    await runLoop(planner, 17, loss);
    const best = planner.best()!;
    expect(best.value).toBe(Math.min(...planner.observations().map((o) => o.value as number)));
    expect(best.value).toBeLessThan(0.5);
    // Predictions are reported in the objective's own units, not negated.
    const [next] = await planner.ask(1);
    const model = await planner.model();
    expect(next.predictedMean).toBeCloseTo(model.predict([next.unit]).mean[0], 12);
    // EI of a minimised objective is the EI of its negation against the negated best.
    expect(next.acquisition).toBeCloseTo(expectedImprovement(-next.predictedMean!, next.predictedStd!, -best.value!), 12);
  });

  it('excludes failed runs from fitting and never proposes their points again', async () => {
    const trainer = spyTrainer();
    const planner = createPlanner(options({ initialDesign: { sampler: 'lhs', count: 6 } }), { trainerFactory: () => trainer });
    const design = await planner.ask(6);
    const failed = design.slice(0, 2);
    planner.tell([
      ...failed.map((c) => ({ id: c.id, point: c.point, failed: true })),
      ...design.slice(2).map((c) => ({ id: c.id, point: c.point, value: yieldAt(c.point) })),
    ]);
    const next = await planner.ask(5);
    expect(trainer.fits).toHaveLength(1);
    expect(trainer.fits[0].targets).toHaveLength(4);
    for (const c of failed) expect(trainer.fits[0].points).not.toContainEqual(c.unit);
    const minDistance = 0.01 * Math.sqrt(2);
    for (const c of next) expect(nearestDistance(c.unit, failed.map((f) => f.unit))).toBeGreaterThanOrEqual(minDistance);
    expect(planner.observations().filter((o) => o.failed).map((o) => o.value)).toEqual([null, null]);
    expect(planner.best()!.value).toBe(Math.max(...design.slice(2).map((c) => yieldAt(c.point))));
  });

  it('keeps filling the space while fewer than two runs succeeded', async () => {
    const planner = createPlanner(options({ initialDesign: { sampler: 'random', count: 2 } }), gp);
    const design = await planner.ask(2);
    planner.tell(design.map((c) => ({ id: c.id, point: c.point, value: null })));
    const next = await planner.ask(2);
    expect(next.map((c) => c.reason)).toEqual(['initial-design', 'initial-design']);
    for (const c of next) expect(nearestDistance(c.unit, design.map((d) => d.unit))).toBeGreaterThan(0.05);
  });

  it('policy batches are distinct and keep away from pending points', async () => {
    const planner = createPlanner(options(), gp);
    await runLoop(planner, 1, yieldAt, 5);
    const first = await planner.ask(3);
    const second = await planner.ask(3);
    const all = [...first, ...second];
    expect(all.every((c) => c.reason === 'policy')).toBe(true);
    expect(new Set(all.map((c) => c.id)).size).toBe(6);
    all.forEach((c, i) => {
      const others = all.filter((_, j) => j !== i).map((o) => o.unit);
      expect(nearestDistance(c.unit, others)).toBeGreaterThan(0.01 * Math.sqrt(2));
    });
  });

  it('refits the model only when successful data changed', async () => {
    const trainer = fixedTrainer(functionEnsemble([(u) => u[0], (u) => u[1]], 2));
    const planner = createPlanner(options({ policy: 'ucb', prior: [
      { point: { temperatureC: 120, flowUlPerMin: 10 }, value: 1 },
      { point: { temperatureC: 150, flowUlPerMin: 50 }, value: 2 },
    ] }), { trainerFactory: () => trainer });
    const model = await planner.model();
    await planner.ask(1);
    await planner.ask(1);
    expect(await planner.model()).toBe(model);
    expect(trainer.fits).toBe(1);
    const [pending] = planner.pending();
    planner.tell({ id: pending.id, point: pending.point, failed: true });
    await planner.ask(1);
    expect(trainer.fits).toBe(1);
    planner.tell({ point: { temperatureC: 130, flowUlPerMin: 20 }, value: 3 });
    await planner.model();
    expect(trainer.fits).toBe(2);
  });

  it('a failed ask (the fit threw) uses up neither design points nor ids', async () => {
    let failNext = false;
    const inner = toyGpTrainer(0.3);
    const flaky: SurrogateTrainer = {
      kind: 'flaky',
      fit: (points, targets, random) => (failNext ? Promise.reject(new Error('fit diverged')) : inner.fit(points, targets, random)),
    };
    const planner = createPlanner(options({ initialDesign: { sampler: 'lhs', count: 4 } }), { trainerFactory: () => flaky });
    const design = await planner.ask(2);
    planner.tell(design.map((c) => ({ id: c.id, point: c.point, value: yieldAt(c.point) })));
    failNext = true;
    await expect(planner.ask(3)).rejects.toThrow(/fit diverged/);
    expect(planner.pending()).toEqual([]);
    failNext = false;
    const next = await planner.ask(3);
    expect(next.map((c) => [c.id, c.reason])).toEqual([['c3', 'initial-design'], ['c4', 'initial-design'], ['c5', 'policy']]);
  });

  it('starts from prior data without an initial design (informed surrogate)', async () => {
    const prior = [
      { point: { temperatureC: 120, flowUlPerMin: 10 }, value: 1 },
      { point: { temperatureC: 160, flowUlPerMin: 30 }, value: 8 },
      { point: { temperatureC: 190, flowUlPerMin: 50 }, value: 3 },
    ];
    const viaOption = createPlanner(options({ prior }), gp);
    const viaTell = createPlanner(options(), gp);
    viaTell.tell(prior);
    const a = await viaOption.ask(2);
    const b = await viaTell.ask(2);
    expect(a.map((c) => c.reason)).toEqual(['policy', 'policy']);
    expect(b.map((c) => c.unit)).toEqual(a.map((c) => c.unit));
    expect(viaOption.observations().map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
  });

  it('is deterministic: the same seed and results give the same asks', async () => {
    const run = async (seed: number) => {
      const planner = createPlanner(options({ seed }), gp);
      await runLoop(planner, 4, yieldAt, 2);
      return (await planner.ask(2)).map((c) => c.unit);
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('random policy needs no surrogate and avoids known points', async () => {
    const planner = createPlanner(options({ policy: 'random', surrogate: undefined }));
    await runLoop(planner, 2, yieldAt, 5);
    const next = await planner.ask(5);
    expect(next.every((c) => c.reason === 'policy' && c.predictedMean === undefined)).toBe(true);
    const told = planner.observations().map((o) => toUnit(space, recordToPoint(space, o.point)));
    for (const c of next) expect(nearestDistance(c.unit, told)).toBeGreaterThanOrEqual(0.01 * Math.sqrt(2));
  });

  it('ei-members uses the ensemble members of the surrogate', async () => {
    const ensemble = functionEnsemble([(u) => u[0], (u) => 1 - u[0], (u) => u[1]], 2);
    const planner = createPlanner(options({ policy: 'ei-members', surrogate: { kind: 'toy-ensemble' }, prior: [
      { point: { temperatureC: 150, flowUlPerMin: 50 }, value: 0.5 },
      { point: { temperatureC: 110, flowUlPerMin: 90 }, value: 0.2 },
    ] }), { trainerFactory: () => fixedTrainer(ensemble) });
    const [c] = await planner.ask(1);
    const members = [c.unit[0], 1 - c.unit[0], c.unit[1]];
    expect(c.acquisition).toBeCloseTo(members.reduce((s, v) => s + Math.max(v - 0.5, 0), 0) / 3, 12);
    // The feasible maximum of the empirical EI is 1/3 at the corner u = (0, 1) (100 C, 100 uL/min).
    expect(c.acquisition).toBeGreaterThan(0.3);
  });
});

describe('planner input checks', () => {
  it('refuses NaN, infinite and non-numeric values with a clear error', () => {
    const planner = createPlanner(options(), gp);
    const point = { temperatureC: 150, flowUlPerMin: 20 };
    expect(() => planner.tell({ point, value: Number.NaN })).toThrow(/finite number, got NaN/);
    expect(() => planner.tell({ point, value: Number.POSITIVE_INFINITY })).toThrow(/finite number/);
    expect(() => planner.tell({ point, value: '3' as unknown as number })).toThrow(/finite number/);
    expect(() => planner.tell({ point, value: 1, failed: true })).toThrow(/failed run cannot carry a value/);
    expect(planner.observations()).toEqual([]);
  });

  it('checks points against the space and leaves the planner unchanged when a batch is bad', () => {
    const planner = createPlanner(options(), gp);
    expect(() => planner.tell({ point: { temperatureC: 250, flowUlPerMin: 20 }, value: 1 })).toThrow(/temperatureC 250 is above 200 \(by 50\)/);
    expect(() => planner.tell({ point: { temperatureC: 190, flowUlPerMin: 60 }, value: 1 })).toThrow(/heat load/);
    expect(() => planner.tell({ point: { temperatureC: 150 }, value: 1 })).toThrow(/missing parameter 'flowUlPerMin'/);
    expect(() => planner.tell({ point: { temperatureC: 150, flowUlPerMin: 1, pressureBar: 2 }, value: 1 })).toThrow(/unknown parameter 'pressureBar'/);
    expect(() => planner.tell([
      { point: { temperatureC: 150, flowUlPerMin: 20 }, value: 1 },
      { point: { temperatureC: 150, flowUlPerMin: Number.NaN }, value: 1 },
    ])).toThrow(/observation 1/);
    expect(planner.observations()).toEqual([]);
  });

  it('refuses unknown keys: a misspelt value is an error, not a failed run', () => {
    const planner = createPlanner(options(), gp);
    expect(() => planner.tell({ point: { temperatureC: 150, flowUlPerMin: 20 }, Value: 3 } as never)).toThrow(/Unrecognized key: "Value"/);
    expect(planner.observations()).toEqual([]);
    const badSpace = { ...space, parameters: [{ ...space.parameters[0], units: 'C' }, space.parameters[1]] };
    expect(() => createPlanner(options({ space: badSpace as never }))).toThrow(/Unrecognized key: "units"/);
    const badConstraint = { ...space, constraints: [{ ...space.constraints![0], Bound: 3 }] };
    expect(() => createPlanner(options({ space: badConstraint as never }))).toThrow(/Unrecognized key: "Bound"/);
  });

  it('takes a result by the id of a pending proposal alone, and refuses ids that are not pending', async () => {
    const planner = createPlanner(options(), gp);
    const [a, b] = await planner.ask(2);
    planner.tell({ id: a.id, value: 2 });
    expect(planner.observations()).toEqual([{ id: a.id, point: a.point, value: 2, failed: false }]);
    expect(planner.pending().map((p) => p.id)).toEqual([b.id]);
    expect(() => planner.tell({ id: 'c99', value: 1 })).toThrow(/no pending proposal 'c99' \(pending: c2\); results of conditions you chose yourself are told without an id/);
    expect(() => planner.tell({ id: a.id, value: 1 })).toThrow(/already told/);
    expect(() => planner.tell({ value: 1 } as never)).toThrow(/point is required/);
    expect(planner.observations()).toHaveLength(1);
  });

  it('abandons pending proposals: they are no longer pending, their ids never come back, a late result by id is refused', async () => {
    const planner = createPlanner(options(), gp);
    const [a, b, c] = await planner.ask(3);
    expect(planner.abandon([b.id, c.id]).map((x) => x.id)).toEqual([b.id, c.id]);
    expect(planner.pending().map((p) => p.id)).toEqual([a.id]);
    expect(() => planner.abandon([b.id])).toThrow(/no pending proposal 'c2'/);
    expect(() => planner.tell({ id: b.id, value: 1 })).toThrow(/proposal 'c2' was abandoned/);
    planner.tell({ point: b.point, value: 1 });
    const restored = restorePlanner<Record<string, number>>(JSON.parse(JSON.stringify(planner.toJSON())), gp);
    const next = await restored.ask(3);
    expect(next.map((x) => x.id).filter((id) => [b.id, c.id].includes(id))).toEqual([]);
    expect(next).toEqual(await planner.ask(3));
  });

  it('refuses an id told twice', async () => {
    const planner = createPlanner(options(), gp);
    const [c] = await planner.ask(1);
    planner.tell({ id: c.id, point: c.point, value: 1 });
    expect(() => planner.tell({ id: c.id, point: c.point, value: 2 })).toThrow(/already told/);
  });

  it('rejects bad options with the field that is wrong', () => {
    expect(() => createPlanner(options({ policy: 'greedy' }))).toThrow(/unknown policy 'greedy'; known: ei, [\s\S]*at policy/);
    expect(() => createPlanner(options({ surrogate: undefined }))).toThrow(/policy 'ei' needs a surrogate/);
    expect(() => createPlanner(options({ surrogate: { kind: 'forest' } }))).toThrow(/unknown surrogate 'forest'[\s\S]*at surrogate\.kind/);
    expect(() => createPlanner(options({ policy: 'ei-members' }))).toThrow(/policy 'ei-members' needs ensemble member predictions, which a 'toy-gp' surrogate does not give/);
    expect(() => createPlanner(options({ policy: 'ucb', policyOptions: { Beta: 2 } }))).toThrow(/Unrecognized key: "Beta" \(policy 'ucb'\)[\s\S]*at policyOptions/);
    expect(() => createPlanner(options({ initialDesign: { sampler: 'lhs', count: -1 } }))).toThrow(/count/);
  });
});
