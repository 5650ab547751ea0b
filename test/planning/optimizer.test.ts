import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { rigParameterSpace } from '../../src/domain/rig-space.js';
import { optimizeAcquisition, randomFeasibleAway, reflectIntoUnit, type BatchScore } from '../../src/planning/optimizer.js';
import { FeasibleRegionError, isFeasible, nearestDistance, unitCube, unitRegion, type UnitRegion } from '../../src/planning/region.js';
import { uniformRandom } from '../../src/planning/samplers/uniform.js';

/** 3-D region cut by u0 + u1 <= 1. */
const halfCube: UnitRegion = unitRegion({
  parameters: [{ name: 'x', lower: 0, upper: 1 }, { name: 'y', lower: 0, upper: 1 }, { name: 'z', lower: 0, upper: 1 }],
  constraints: [{ name: 'x + y <= 1', coefficients: { x: 1, y: 1 }, bound: 1 }],
});

/** -|u - centre|^2, optionally counting calls and batch sizes. */
function bowl(centre: number[], calls?: number[]): BatchScore {
  return (points) => {
    calls?.push(points.length);
    return Float64Array.from(points, (p) => -p.reduce((s, x, i) => s + (x - centre[i]) ** 2, 0));
  };
}

const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x, i) => s + (x - b[i]) ** 2, 0));

describe('acquisition optimiser', () => {
  it('finds an interior maximum to within 0.01', () => {
    const [best] = optimizeAcquisition(unitCube(3), bowl([0.3, 0.7, 0.2]), 1, createRandom(1));
    expect(distance(best.unit, [0.3, 0.7, 0.2])).toBeLessThan(0.01);
  });

  it('finds a maximum on a cutting constraint (the projection of the bowl centre onto it)', () => {
    const calls: number[] = [];
    const [best] = optimizeAcquisition(halfCube, bowl([0.9, 0.9, 0.5], calls), 1, createRandom(2));
    expect(isFeasible(halfCube, best.unit)).toBe(true);
    expect(distance(best.unit, [0.5, 0.5, 0.5])).toBeLessThan(0.02);
    // One batched call for the whole pool, then one per refinement round.
    expect(calls[0]).toBeGreaterThanOrEqual(4096);
    expect(calls.length).toBeLessThanOrEqual(13);
  });

  it('stays inside the 7-D rig space and gets close to a feasible interior optimum', () => {
    const region = unitRegion(rigParameterSpace());
    const [centre] = uniformRandom(region, 1, createRandom(40));
    const [best] = optimizeAcquisition(region, bowl(Array.from(centre)), 1, createRandom(3));
    expect(isFeasible(region, best.unit)).toBe(true);
    expect(distance(best.unit, centre)).toBeLessThan(0.05);
  });

  it('is deterministic for a seed', () => {
    const run = (seed: number) => optimizeAcquisition(halfCube, bowl([0.2, 0.1, 0.9]), 3, createRandom(seed)).map((p) => Array.from(p.unit));
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('returns distinct, spread batch points that keep away from excluded (pending) points', () => {
    const centre = [0.4, 0.4, 0.4];
    const minDistance = 0.05;
    const pending = [centre, [0.42, 0.38, 0.41]];
    const batch = optimizeAcquisition(halfCube, bowl(centre), 4, createRandom(7), { exclude: pending, penalize: pending, minDistance });
    expect(batch).toHaveLength(4);
    for (const [i, p] of batch.entries()) {
      expect(isFeasible(halfCube, p.unit)).toBe(true);
      expect(nearestDistance(p.unit, pending)).toBeGreaterThanOrEqual(minDistance);
      const others = batch.filter((_, j) => j !== i).map((q) => q.unit);
      expect(nearestDistance(p.unit, others)).toBeGreaterThan(minDistance);
    }
    // The penalty spreads the batch further than the bare exclusion radius would.
    const mates = batch.map((p) => p.unit);
    expect(Math.min(...mates.map((p, i) => nearestDistance(p, mates.filter((_, j) => j !== i))))).toBeGreaterThan(2 * minDistance);
  });

  it('without a penalty the second point would sit at the exclusion edge of the first', () => {
    const centre = [0.4, 0.4, 0.4];
    const [first] = optimizeAcquisition(halfCube, bowl(centre), 1, createRandom(8), { minDistance: 0.05 });
    const [second] = optimizeAcquisition(halfCube, bowl(centre), 1, createRandom(8), { minDistance: 0.05, exclude: [first.unit] });
    expect(distance(second.unit, first.unit)).toBeGreaterThanOrEqual(0.05);
    expect(distance(second.unit, first.unit)).toBeLessThan(0.08);
  });

  it('throws when exclusion leaves no candidate', () => {
    const everything = [[0.5, 0.5]];
    expect(() => optimizeAcquisition(unitCube(2), bowl([0.5, 0.5]), 1, createRandom(1), { exclude: everything, minDistance: 2 })).toThrow(FeasibleRegionError);
  });

  it('random feasible points keep their distance from known points and from each other', () => {
    const known = uniformRandom(halfCube, 20, createRandom(1));
    const points = randomFeasibleAway(halfCube, 10, createRandom(2), known, 0.1);
    for (const [i, p] of points.entries()) {
      expect(isFeasible(halfCube, p)).toBe(true);
      expect(nearestDistance(p, [...known, ...points.filter((_, j) => j !== i)])).toBeGreaterThanOrEqual(0.1);
    }
  });
});

describe('reflecting trial points at the box faces', () => {
  it('folds any real number into [0, 1]', () => {
    expect(reflectIntoUnit(0.3)).toBeCloseTo(0.3, 15);
    expect(reflectIntoUnit(-0.2)).toBeCloseTo(0.2, 15);
    expect(reflectIntoUnit(1.25)).toBeCloseTo(0.75, 15);
    expect(reflectIntoUnit(2.1)).toBeCloseTo(0.1, 12);
    expect(reflectIntoUnit(-1.5)).toBeCloseTo(0.5, 12);
  });

  it('still finds a maximum on a face and an interior one', () => {
    const [face] = optimizeAcquisition(unitCube(2), bowl([1.3, 0.4]), 1, createRandom(2), { boundary: 'reflect' });
    expect(face.unit[0]).toBeGreaterThan(0.99);
    expect(Math.abs(face.unit[1] - 0.4)).toBeLessThan(0.01);
    const [inside] = optimizeAcquisition(unitCube(3), bowl([0.3, 0.7, 0.2]), 1, createRandom(1), { boundary: 'reflect' });
    expect(distance(inside.unit, [0.3, 0.7, 0.2])).toBeLessThan(0.01);
  });

  it('does not land on a face for a score that is flat near it, where clamping does', () => {
    // Flat in x beyond 0.9 and increasing towards it: clamped trial points pile up at x = 1.
    const plateau: BatchScore = (points) => Float64Array.from(points, (p) => Math.min(p[0], 0.9) - (p[1] - 0.5) ** 2);
    const onFace = (boundary: 'clamp' | 'reflect' | undefined) => {
      let count = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const [best] = optimizeAcquisition(unitCube(2), plateau, 1, createRandom(seed), { ...(boundary ? { boundary } : {}), poolSize: 64 });
        if (best.unit[0] === 1 || best.unit[0] === 0) count++;
      }
      return count;
    };
    expect(onFace('reflect')).toBe(0);
    expect(onFace('clamp')).toBeGreaterThan(0);
    // Reflection is the default.
    expect(onFace(undefined)).toBe(0);
  });
});

