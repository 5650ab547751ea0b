// Integer, categorical and log-scale parameters: the dimensionless form, and a planner that
// only proposes points that exist, never twice, and learns across all of them.
import { describe, expect, it } from 'vitest';
import {
  encodedDimension, parameterSpaceSchema, pointToRecord, recordToPoint, snapUnit, toPhysical, toUnit, violations, type ParameterSpace,
} from '../../src/domain/space.js';
import { createPlanner, FeasibleRegionError } from '../../src/planning/index.js';

const space: ParameterSpace = {
  parameters: [
    { name: 'x', lower: 0, upper: 1 },
    { name: 'ligands', type: 'integer', lower: 1, upper: 5 },
    { name: 'solvent', type: 'categorical', values: ['octadecene', 'toluene', 'hexane'] },
    { name: 'concentrationMolar', lower: 1e-3, upper: 1, scale: 'log' },
  ],
  constraints: [],
};

/** Best at x = 0.3, 4 ligands, toluene, 10 mM; the solvent matters most. */
function response(point: Record<string, number | string>): number {
  const x = point.x as number;
  const n = point.ligands as number;
  const c = point.concentrationMolar as number;
  const solvent = { octadecene: 0, toluene: 2, hexane: 0.5 }[point.solvent as 'octadecene' | 'toluene' | 'hexane'];
  return solvent - 3 * (x - 0.3) ** 2 - 0.2 * (n - 4) ** 2 - 0.5 * (Math.log10(c) + 2) ** 2;
}

describe('the dimensionless form of mixed parameters', () => {
  it('puts integers at the centres of their cells, categories one-hot, log scales by decade', () => {
    expect(encodedDimension(space)).toBe(6);
    const unit = toUnit(space, [0.25, 2, 1, 0.01]);
    expect(unit[0]).toBe(0.25);
    expect(unit[1]).toBeCloseTo(1.5 / 5, 15);
    expect(unit.slice(2, 5)).toEqual([0, 1, 0]);
    expect(unit[5]).toBeCloseTo(1 / 3, 12);
    expect(toPhysical(space, unit)).toEqual([0.25, 2, 1, expect.closeTo(0.01, 12)]);
    // Anywhere in a cell reads as that cell's integer; the largest one-hot coordinate wins.
    expect(toPhysical(space, [0.5, 0.2001, 0.1, 0.2, 0.7, 0])[1]).toBe(2);
    expect(toPhysical(space, [0.5, 0.9999, 0.1, 0.2, 0.7, 0]).slice(1, 3)).toEqual([5, 2]);
    expect(pointToRecord(space, [0.5, 3, 2, 1])).toEqual({ x: 0.5, ligands: 3, solvent: 'hexane', concentrationMolar: 1 });
    expect(recordToPoint(space, { x: 0.5, ligands: 3, solvent: 'hexane', concentrationMolar: 1 })).toEqual([0.5, 3, 2, 1]);
    expect(() => recordToPoint(space, { x: 0.5, ligands: 3, solvent: 'water', concentrationMolar: 1 })).toThrow(/'solvent' must be one of 'octadecene', 'toluene', 'hexane', got "water"/);
  });

  it('rounds integer and categorical coordinates and leaves continuous ones bit for bit', () => {
    const raw = [0.123456789012345, 0.61, 0.3, 0.31, 0.29, 0.777777777777777];
    const snapped = snapUnit(space, raw);
    expect(snapped[0]).toBe(raw[0]);
    expect(snapped[5]).toBe(raw[5]);
    expect(snapped[1]).toBeCloseTo(3.5 / 5, 15);
    expect(snapped.slice(2, 5)).toEqual([0, 1, 0]);
    const continuous: ParameterSpace = { parameters: [{ name: 'a', lower: 2, upper: 7 }], constraints: [] };
    expect(snapUnit(continuous, [0.1 + 0.2])).toEqual([0.1 + 0.2]);
  });

  it('checks whole numbers and category values, and refuses constraints it cannot keep linear', () => {
    expect(violations(space, [0.5, 2.5, 0, 0.1]).map((v) => v.constraint)).toEqual(['ligands is a whole number']);
    expect(violations(space, [0.5, 2, 3, 0.1]).map((v) => v.constraint)).toEqual(['solvent is one of octadecene, toluene, hexane']);
    const parse = (constraint: Record<string, number>) => parameterSpaceSchema.safeParse({ ...space, constraints: [{ name: 'c', coefficients: constraint, bound: 1 }] });
    expect(parse({ x: 1, ligands: 1 }).success).toBe(true);
    expect(JSON.stringify(parse({ solvent: 1 }).error)).toMatch(/categorical parameter 'solvent'/);
    expect(JSON.stringify(parse({ concentrationMolar: 1 }).error)).toMatch(/log-scale parameter 'concentrationMolar'/);
    expect(parameterSpaceSchema.safeParse({ parameters: [{ name: 'k', type: 'integer', lower: 0, upper: 2.5 }] }).success).toBe(false);
    expect(parameterSpaceSchema.safeParse({ parameters: [{ name: 'c', lower: 0, upper: 1, scale: 'log' }] }).success).toBe(false);
    expect(parameterSpaceSchema.safeParse({ parameters: [{ name: 's', type: 'categorical', values: ['a', 'a'] }] }).success).toBe(false);
  });
});

describe('a planner over a mixed space', () => {
  it('proposes only points that exist, never the same one twice, and takes results with category names', async () => {
    const planner = createPlanner({ space, objective: { name: 'y', direction: 'maximize' }, policy: 'ei', surrogate: { kind: 'gp', restarts: 2 }, initialDesign: { sampler: 'lhs', count: 6 }, seed: 3 });
    const seen = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const asked = await planner.ask(2);
      for (const c of asked) {
        expect(Number.isInteger(c.point.ligands)).toBe(true);
        expect(['octadecene', 'toluene', 'hexane']).toContain(c.point.solvent);
        expect(c.point.concentrationMolar as number).toBeGreaterThanOrEqual(1e-3);
        expect(c.point.concentrationMolar as number).toBeLessThanOrEqual(1);
        expect(toUnit(space, recordToPoint(space, c.point))).toEqual(c.unit.map((u) => expect.closeTo(u, 12)));
        const key = JSON.stringify(c.point);
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      planner.tell(asked.map((c) => ({ id: c.id, value: response(c.point) })));
    }
    expect(planner.observations()).toHaveLength(12);
  });

  it('finds the best category and whole number better than random search', async () => {
    const bestAfter = async (policy: 'ei' | 'random', seed: number) => {
      const planner = createPlanner({ space, objective: { name: 'y', direction: 'maximize' }, policy, surrogate: policy === 'random' ? undefined : { kind: 'gp', restarts: 2 }, initialDesign: { sampler: 'lhs', count: 6 }, seed });
      for (let k = 0; k < 24; k++) {
        const [c] = await planner.ask(1);
        planner.tell({ id: c.id, value: response(c.point) });
      }
      return planner.best()!;
    };
    const seeds = [1, 2, 3];
    const ei = await Promise.all(seeds.map((seed) => bestAfter('ei', seed)));
    const random = await Promise.all(seeds.map((seed) => bestAfter('random', seed)));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
    // The optimum is 2; EI gets close, random search does not.
    expect(median(ei.map((b) => b.value!))).toBeGreaterThan(1.8);
    expect(median(ei.map((b) => b.value!))).toBeGreaterThan(median(random.map((b) => b.value!)));
    expect(ei.filter((b) => b.point.solvent === 'toluene').length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('keeps integer proposals feasible under a constraint, and says when a small space is used up', async () => {
    const constrained: ParameterSpace = {
      parameters: [{ name: 'n', type: 'integer', lower: 0, upper: 10 }, { name: 'x', lower: 0, upper: 10 }],
      constraints: [{ name: 'n + x <= 10.5', coefficients: { n: 1, x: 1 }, bound: 10.5 }],
    };
    const planner = createPlanner({ space: constrained, objective: { name: 'y', direction: 'maximize' }, policy: 'random', initialDesign: { sampler: 'lhs', count: 8 }, seed: 5 });
    for (const c of await planner.ask(30)) {
      expect(Number.isInteger(c.point.n)).toBe(true);
      expect((c.point.n as number) + (c.point.x as number)).toBeLessThanOrEqual(10.5 + 1e-9);
    }
    const tiny: ParameterSpace = { parameters: [{ name: 's', type: 'categorical', values: ['a', 'b', 'c'] }], constraints: [] };
    const small = createPlanner({ space: tiny, objective: { name: 'y', direction: 'maximize' }, policy: 'random', initialDesign: { sampler: 'lhs', count: 0 }, seed: 1 });
    const all = await small.ask(3);
    expect(all.map((c) => c.point.s).sort()).toEqual(['a', 'b', 'c']);
    await expect(small.ask(1)).rejects.toThrow(FeasibleRegionError);
  });
});
