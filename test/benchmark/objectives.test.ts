import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { isFeasibleUnit, toPhysical, unitConstraints, violations } from '../../src/domain/space.js';
import { ackley } from '../../src/benchmark/objectives/ackley.js';
import { branin, BRANIN_MINIMIZERS } from '../../src/benchmark/objectives/branin.js';
import { CONSTRAINED_TOY_ARGMAX, CONSTRAINED_TOY_OPTIMUM_VALUE, constrainedToy, constrainedToyObjective } from '../../src/benchmark/objectives/constrained-toy.js';
import { HARTMANN6_ARGMAX, hartmann6 } from '../../src/benchmark/objectives/hartmann6.js';
import { levy } from '../../src/benchmark/objectives/levy.js';
import { builtinObjective, isBuiltinObjectiveName } from '../../src/benchmark/objectives/index.js';

function randomUnitPoints(count: number, dimension: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => random.uniform()));
}

describe('Hartmann-6', () => {
  it('reaches -3.32237 at its published argmin and nowhere lower among random points', () => {
    expect(hartmann6(HARTMANN6_ARGMAX)).toBeCloseTo(-3.32237, 5);
    const lowest = Math.min(...randomUnitPoints(5000, 6, 1).map(hartmann6));
    expect(lowest).toBeGreaterThan(-3.32237);
  });

  it('is maximised as -H6 by the built-in objective, with its optimum recorded', async () => {
    const objective = await builtinObjective('hartmann6');
    const session = await objective.open({ replicateSeed: 1 });
    const point = Object.fromEntries(HARTMANN6_ARGMAX.map((v, i) => [`x${i + 1}`, v]));
    const { value } = await session.evaluate(point);
    expect(objective.direction).toBe('maximize');
    expect(value).toBeCloseTo(3.32237, 5);
    expect((await objective.optimum())?.value).toBe(3.32237);
  });
});

describe('Branin', () => {
  it('has the value 0.397887 at each of its three minimisers', () => {
    for (const [x1, x2] of BRANIN_MINIMIZERS) expect(branin(x1, x2)).toBeCloseTo(0.397887, 5);
  });

  it('at (0, 0) equals 36 + 10 (1 - 1/(8 pi)) + 10', () => {
    expect(branin(0, 0)).toBeCloseTo(36 + 10 * (1 - 1 / (8 * Math.PI)) + 10, 12);
  });

  it('is never below its minimum on its box', () => {
    const values = randomUnitPoints(5000, 2, 2).map(([u, v]) => branin(-5 + 15 * u, 15 * v));
    expect(Math.min(...values)).toBeGreaterThan(0.397887);
  });
});

describe('Ackley and Levy', () => {
  it('vanish at their minimisers in any dimension', () => {
    for (const d of [1, 2, 5, 10]) {
      expect(ackley(new Array(d).fill(0))).toBeCloseTo(0, 12);
      expect(levy(new Array(d).fill(1))).toBeCloseTo(0, 12);
    }
  });

  it('match known values away from the minimum', () => {
    expect(ackley([1, 1])).toBeCloseTo(3.6253849384403627, 12);
    // Levy at (0, 0): w = 0.75, so sin^2(0.75 pi) + 0.0625 (1 + 10 sin^2(0.75 pi + 1)) + 0.0625 (1 + sin^2(1.5 pi)).
    const w = 0.75;
    const expected = Math.sin(Math.PI * w) ** 2 + 0.0625 * (1 + 10 * Math.sin(Math.PI * w + 1) ** 2) + 0.0625 * 2;
    expect(levy([0, 0])).toBeCloseTo(expected, 12);
    expect(levy([0, 0])).toBeCloseTo(0.7158445541, 9);
  });

  it('are offered in the asked dimension with the minimum inside the box', async () => {
    const objective = await builtinObjective('ackley-5');
    expect(objective.space.parameters).toHaveLength(5);
    expect(objective.direction).toBe('minimize');
    const optimum = await objective.optimum();
    expect(optimum?.value).toBe(0);
    expect(violations(objective.space, Object.values(optimum?.point ?? {}))).toEqual([]);
    expect((await builtinObjective('levy-3')).space.parameters.map((p) => p.name)).toEqual(['x1', 'x2', 'x3']);
  });

  it('refuses unknown names and absurd dimensions', async () => {
    expect(isBuiltinObjectiveName('ackley-0')).toBe(false);
    expect(isBuiltinObjectiveName('ackley-51')).toBe(false);
    await expect(builtinObjective('rosenbrock')).rejects.toThrow(/unknown built-in objective 'rosenbrock'/);
  });
});

describe('7-D constrained toy', () => {
  const { space } = constrainedToyObjective;
  const constraints = unitConstraints(space);

  it('has its optimum on the face x1 + x2 + x3 + x4 = 2, feasible and inside the box', () => {
    expect(violations(space, CONSTRAINED_TOY_ARGMAX)).toEqual([]);
    expect(CONSTRAINED_TOY_ARGMAX.slice(0, 4).reduce((s, v) => s + v, 0)).toBeCloseTo(2, 12);
    for (const x of CONSTRAINED_TOY_ARGMAX) expect(x > 0 && x < 1).toBe(true);
    expect(CONSTRAINED_TOY_OPTIMUM_VALUE).toBeCloseTo(constrainedToy(CONSTRAINED_TOY_ARGMAX), 12);
  });

  it('is not beaten by feasible random points or by small feasible moves from the optimum', () => {
    const feasible = randomUnitPoints(20000, 7, 3).filter((u) => isFeasibleUnit(constraints, u));
    expect(feasible.length).toBeGreaterThan(1000);
    expect(Math.max(...feasible.map((u) => constrainedToy(toPhysical(space, u))))).toBeLessThan(CONSTRAINED_TOY_OPTIMUM_VALUE);
    const random = createRandom(4);
    for (let trial = 0; trial < 2000; trial++) {
      const moved = CONSTRAINED_TOY_ARGMAX.map((x) => x + 0.01 * random.normal());
      if (violations(space, moved).length > 0) continue;
      expect(constrainedToy(moved)).toBeLessThanOrEqual(CONSTRAINED_TOY_OPTIMUM_VALUE + 1e-12);
    }
  });

  it('would be better outside the constraint (the constraint matters)', () => {
    // The unconstrained peak is at the centre c, whose first four inputs sum to 2.5.
    expect(constrainedToy([0.7, 0.65, 0.6, 0.55, 0.3, 0.45, 0.5])).toBeGreaterThan(CONSTRAINED_TOY_OPTIMUM_VALUE + 1);
  });
});
