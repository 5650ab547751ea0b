import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { builtinObjective, isBuiltinObjectiveName } from '../../src/benchmark/objectives/index.js';
import { michalewicz, michalewiczOptimum } from '../../src/benchmark/objectives/michalewicz.js';
import { rosenbrock } from '../../src/benchmark/objectives/rosenbrock.js';
import { STYBLINSKI_TANG_MINIMIZER, STYBLINSKI_TANG_MINIMUM_1D, styblinskiTang } from '../../src/benchmark/objectives/styblinski-tang.js';
import { randomOrthogonal, transformParameters } from '../../src/benchmark/objectives/transformed.js';

async function valueAt(name: string, point: Record<string, number>): Promise<number> {
  const session = await (await builtinObjective(name)).open({ replicateSeed: 1 });
  const { value } = await session.evaluate(point);
  return value as number;
}

const named = (values: readonly number[]) => Object.fromEntries(values.map((v, i) => [`x${i + 1}`, v]));

describe('Rosenbrock', () => {
  it('is 0 at (1, ..., 1) and has the closed-form values elsewhere', () => {
    expect(rosenbrock([1, 1, 1, 1])).toBe(0);
    expect(rosenbrock([0, 0])).toBe(1);
    // 100 (1 - 0)^2 + (1 - 0)^2... at (0, 1): 100 * 1 + 1
    expect(rosenbrock([0, 1])).toBe(101);
    expect(rosenbrock([-1, 1, 2])).toBe(100 * 0 + 4 + 100 * 1 + 0);
  });

  it('is a minimised built-in with optimum 0 on [-5, 10]^d', async () => {
    const objective = await builtinObjective('rosenbrock-4');
    expect(objective.direction).toBe('minimize');
    expect(objective.space.parameters.every((p) => p.lower === -5 && p.upper === 10)).toBe(true);
    expect(await objective.optimum()).toEqual({ value: 0, point: named([1, 1, 1, 1]) });
    expect(isBuiltinObjectiveName('rosenbrock-1')).toBe(false);
  });
});

describe('Styblinski-Tang', () => {
  it('has its 1-D minimum -39.16617 at -2.903534, a root of the derivative', () => {
    expect(STYBLINSKI_TANG_MINIMIZER).toBeCloseTo(-2.903534, 6);
    expect(4 * STYBLINSKI_TANG_MINIMIZER ** 3 - 32 * STYBLINSKI_TANG_MINIMIZER + 5).toBeCloseTo(0, 10);
    expect(STYBLINSKI_TANG_MINIMUM_1D).toBeCloseTo(-39.16617, 5);
    expect(styblinskiTang([0, 0, 0])).toBe(0);
    expect(styblinskiTang([1, -1])).toBe((1 - 16 + 5 + 1 - 16 - 5) / 2);
  });

  it('built-in: d times the 1-D minimum, reached at its recorded point', async () => {
    const objective = await builtinObjective('styblinski-tang-6');
    const optimum = await objective.optimum();
    expect(optimum?.value).toBeCloseTo(-39.16617 * 6, 3);
    expect(await valueAt('styblinski-tang-6', optimum!.point!)).toBeCloseTo(optimum!.value, 10);
  });
});

describe('Michalewicz', () => {
  it('matches the tabulated minima for d = 2, 5, 10', () => {
    expect(michalewiczOptimum(2).value).toBeCloseTo(-1.8013, 4);
    expect(michalewiczOptimum(5).value).toBeCloseTo(-4.687658, 5);
    expect(michalewiczOptimum(10).value).toBeCloseTo(-9.66015, 5);
    expect(michalewiczOptimum(2).point!.x1).toBeCloseTo(2.20, 2);
    expect(michalewiczOptimum(2).point!.x2).toBeCloseTo(Math.PI / 2, 5);
  });

  it('has closed-form values and no random point below the minimum', () => {
    // At pi/2 in the first coordinate: -sin(pi/2) sin(pi/4)^20 = -2^-10.
    expect(michalewicz([Math.PI / 2])).toBeCloseTo(-(2 ** -10), 15);
    expect(michalewicz([0, 0, 0])).toBeCloseTo(0, 15);
    const random = createRandom(3);
    const minimum = michalewiczOptimum(5).value;
    for (let k = 0; k < 5000; k++) {
      expect(michalewicz(Array.from({ length: 5 }, () => Math.PI * random.uniform()))).toBeGreaterThan(minimum);
    }
  });
});

describe('shifted and rotated variants', () => {
  it('builds orthogonal matrices', () => {
    const random = createRandom(5);
    const r = randomOrthogonal(6, () => random.normal());
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) expect(r[i].reduce((s, v, k) => s + v * r[j][k], 0)).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  });

  it('keep the base optimum value, moved to a fixed point in the middle of the box', async () => {
    for (const name of ['rotated-ackley-6', 'shifted-levy-8', 'rotated-levy-8', 'rotated-rosenbrock-4', 'rotated-styblinski-tang-3']) {
      const objective = await builtinObjective(name);
      const base = await builtinObjective(name.replace(/^(rotated|shifted)-/, ''));
      const optimum = (await objective.optimum())!;
      expect(objective.name).toBe(name);
      expect(optimum.value).toBe((await base.optimum())!.value);
      for (const p of objective.space.parameters) {
        const u = (optimum.point![p.name] - p.lower) / (p.upper - p.lower);
        expect(u).toBeGreaterThanOrEqual(0.2);
        expect(u).toBeLessThanOrEqual(0.8);
      }
      expect(await valueAt(name, optimum.point!)).toBeCloseTo(optimum.value, 9);
      // Not at the base function's optimum any more, and never below the optimum nearby.
      const random = createRandom(7);
      for (let k = 0; k < 200; k++) {
        const nearby = Object.fromEntries(Object.entries(optimum.point!).map(([key, v]) => [key, v + 0.05 * random.normal()]));
        expect(await valueAt(name, nearby)).toBeGreaterThanOrEqual(optimum.value - 1e-9);
      }
    }
  });

  it('are the same function every time, and rotated differs from shifted', async () => {
    const point = named([1, 2, 3, -1, 0, 4]);
    expect(await valueAt('rotated-ackley-6', point)).toBe(await valueAt('rotated-ackley-6', point));
    expect(await valueAt('rotated-ackley-6', point)).not.toBe(await valueAt('shifted-ackley-6', point));
    const shifted = transformParameters('shifted', 'ackley', 3, [-5, -5, -5], [10, 10, 10]);
    expect(shifted.rotation).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    // The shifted Ackley is Ackley of y - c.
    const c = shifted.centre;
    const { ackley } = await import('../../src/benchmark/objectives/ackley.js');
    expect(await valueAt('shifted-ackley-3', named([0, 0, 0]))).toBeCloseTo(ackley(c.map((v) => -v)), 12);
  });

  it('exist only for families with a unique minimiser', () => {
    expect(isBuiltinObjectiveName('rotated-michalewicz-5')).toBe(false);
    expect(isBuiltinObjectiveName('rotated-hartmann-6')).toBe(false);
    expect(isBuiltinObjectiveName('twisted-ackley-6')).toBe(false);
    expect(isBuiltinObjectiveName('michalewicz-10')).toBe(true);
  });
});
