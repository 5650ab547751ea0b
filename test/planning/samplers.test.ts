import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { rigParameterSpace } from '../../src/domain/rig-space.js';
import { violations, toPhysical, type NumericSpace } from '../../src/domain/space.js';
import { FeasibleRegionError, isFeasible, minPairwiseDistance, unitCube, unitRegion, type UnitRegion } from '../../src/planning/region.js';
import {
  latinHypercube,
  maximinLatinHypercube,
  monteCarloSets,
  oneFactorGrid,
  oneFactorGridForSpace,
  sampleDesign,
  sobolPoints,
  uniformRandom,
} from '../../src/planning/samplers/index.js';

/** Two inputs of 0..10 and one of -1..1, with a + b <= 6: only 18 % of the box is feasible. */
const cutSpace: NumericSpace = {
  parameters: [
    { name: 'a', lower: 0, upper: 10 },
    { name: 'b', lower: 0, upper: 10 },
    { name: 'c', lower: -1, upper: 1 },
  ],
  constraints: [{ name: 'a + b <= 6', coefficients: { a: 1, b: 1 }, bound: 6 }],
};
const emptyRegion: UnitRegion = unitRegion({
  parameters: [{ name: 'x', lower: 0, upper: 1 }, { name: 'y', lower: 0, upper: 1 }],
  constraints: [{ name: 'x + y <= -1', coefficients: { x: 1, y: 1 }, bound: -1 }],
});

function expectOnePointPerStratum(points: readonly Float64Array[], dimension: number): void {
  const n = points.length;
  for (let i = 0; i < dimension; i++) {
    const strata = points.map((p) => Math.floor(p[i] * n)).sort((x, y) => x - y);
    expect(strata).toEqual(Array.from({ length: n }, (_, k) => k));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('Latin hypercube', () => {
  it('puts exactly one point in every stratum of every dimension', () => {
    const random = createRandom(3);
    expectOnePointPerStratum(latinHypercube(17, 5, random), 5);
    const design = maximinLatinHypercube(unitCube(7), 12, random);
    expect(design.method).toBe('exact');
    expectOnePointPerStratum(design.points, 7);
  });

  it('spreads points better than plain random designs (maximin)', () => {
    const random = createRandom(11);
    const region = unitCube(4);
    const maximin = maximinLatinHypercube(region, 20, random, { designs: 40 }).minDistance;
    const randomDistances = Array.from({ length: 15 }, () => minPairwiseDistance(uniformRandom(region, 20, random)));
    const plainLhs = Array.from({ length: 15 }, () => minPairwiseDistance(latinHypercube(20, 4, random)));
    expect(maximin).toBeGreaterThan(Math.max(...randomDistances));
    expect(maximin).toBeGreaterThan(median(plainLhs));
  });

  it('falls back to a maximin subset of feasible rows when constraints cut every draw', () => {
    const region = unitRegion(cutSpace);
    const design = maximinLatinHypercube(region, 20, createRandom(5));
    expect(design.method).toBe('pool');
    expect(design.points).toHaveLength(20);
    expect(design.minDistance).toBeGreaterThan(0.05);
    const pooled = uniformRandom(region, 20, createRandom(6));
    expect(design.minDistance).toBeGreaterThan(minPairwiseDistance(pooled));
  });
});

describe('Sobol points', () => {
  it('fill the square evenly: every cell of a 4 x 4 grid holds 16 +- 2 of 256 points', () => {
    const points = sobolPoints(unitCube(2), 256, createRandom(1));
    const counts = new Array(16).fill(0);
    for (const p of points) counts[Math.floor(p[0] * 4) * 4 + Math.floor(p[1] * 4)]++;
    for (const c of counts) expect(Math.abs(c - 16)).toBeLessThanOrEqual(2);
    // Uniform random points of the same size miss that bound (binomial sd of a cell is ~3.9).
    const randomCounts = new Array(16).fill(0);
    for (const p of uniformRandom(unitCube(2), 256, createRandom(1))) randomCounts[Math.floor(p[0] * 4) * 4 + Math.floor(p[1] * 4)]++;
    expect(Math.max(...randomCounts.map((c) => Math.abs(c - 16)))).toBeGreaterThan(2);
  });

  it('differ between seeds and repeat for the same seed', () => {
    const a = sobolPoints(unitCube(5), 64, createRandom(1));
    const b = sobolPoints(unitCube(5), 64, createRandom(2));
    const again = sobolPoints(unitCube(5), 64, createRandom(1));
    expect(again).toEqual(a);
    expect(a[0]).not.toEqual(b[0]);
    expect(minPairwiseDistance(a)).toBeGreaterThan(0.05);
    for (const p of [...a, ...b]) for (const x of p) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('every sampler respects the linear constraints', () => {
  const regions: [string, NumericSpace][] = [['cut box', cutSpace], ['rig space', rigParameterSpace()]];
  for (const [label, space] of regions) {
    it(`${label}: lhs, sobol, random and Monte Carlo sets are feasible in physical units`, () => {
      const region = unitRegion(space);
      const random = createRandom(21);
      const sets = [
        ...(['lhs', 'sobol', 'random'] as const).map((kind) => sampleDesign(kind, region, 30, random)),
        ...monteCarloSets(region, { size: 50, sets: 2 }, random),
      ];
      for (const set of sets) {
        expect(set.length).toBeGreaterThan(0);
        for (const p of set) {
          expect(isFeasible(region, p)).toBe(true);
          expect(violations(space, toPhysical(space, p))).toEqual([]);
        }
      }
      expect(sets[3]).not.toEqual(sets[4]);
    });
  }

  it('a one-factor grid keeps feasible points and reports the others', () => {
    const region = unitRegion(cutSpace);
    const base = [0.2, 0.2, 0.5];
    const grid = oneFactorGrid(region, { base, levels: 5 });
    expect(grid.points.length + grid.infeasible.length).toBe(3 * 5);
    for (const g of grid.points) expect(isFeasible(region, g.unit)).toBe(true);
    for (const g of grid.infeasible) expect(isFeasible(region, g.unit)).toBe(false);
    // In unit terms the cut is u_a + u_b <= 0.6: with the other at 0.2, levels 0 and .25 pass, .5 to 1 fail; c never matters.
    expect(grid.infeasible.map((g) => [g.dimension, g.level])).toEqual([[0, 0.5], [0, 0.75], [0, 1], [1, 0.5], [1, 0.75], [1, 1]]);
    for (const g of [...grid.points, ...grid.infeasible]) {
      for (let i = 0; i < 3; i++) if (i !== g.dimension) expect(g.unit[i]).toBe(base[i]);
      expect(g.unit[g.dimension]).toBe(g.level);
    }
  });

  it('a one-factor grid keeps the shared base point once', () => {
    const grid = oneFactorGrid(unitCube(3), { base: [0.5, 0.5, 0.5], levels: 5 });
    expect(grid.infeasible).toEqual([]);
    // 3 inputs x 5 levels, the centre level of each is the base point: 15 - 2 repeats.
    expect(grid.points).toHaveLength(13);
    expect(grid.points.filter((g) => g.unit.every((x) => x === 0.5))).toHaveLength(1);
  });

  it('a one-factor grid in physical units varies one named input at the given values', () => {
    const grid = oneFactorGridForSpace(cutSpace, { base: { a: 2, b: 1, c: 0 }, levels: { a: [0, 2, 4, 6], c: [-1, 1] } });
    expect(grid.points.map((g) => [g.varied, g.point.a, g.point.b, g.point.c])).toEqual([
      ['a', 0, 1, 0], ['a', 2, 1, 0], ['a', 4, 1, 0], ['c', 2, 1, -1], ['c', 2, 1, 1],
    ]);
    expect(grid.infeasible.map((g) => g.point.a)).toEqual([6]);
  });
});

describe('an empty feasible region', () => {
  it('makes every sampler throw a FeasibleRegionError', () => {
    const random = createRandom(1);
    for (const kind of ['lhs', 'sobol', 'random'] as const) {
      expect(() => sampleDesign(kind, emptyRegion, 5, random)).toThrow(FeasibleRegionError);
    }
    expect(() => uniformRandom(emptyRegion, 1, random)).toThrow(/seems empty/);
  });
});
