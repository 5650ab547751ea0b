import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { createPlanner, restorePlanner } from '../../src/planning/planner.js';
import { optimizeAcquisition, type BatchScore } from '../../src/planning/optimizer.js';
import { isFeasible, unitCube, unitRegion } from '../../src/planning/region.js';
import { trustRegionBox, trustRegionSettingsSchema, trustRegionState, type TrustRegionSettingsInput } from '../../src/planning/trust-region.js';

const settings = trustRegionSettingsSchema.parse({});

/** -|u - centre|^2 over a batch. */
const bowl = (centre: number[]): BatchScore => (points) => Float64Array.from(points, (p) => -p.reduce((s, x, i) => s + (x - centre[i]) ** 2, 0));

describe('trust region state (replayed history)', () => {
  it('ignores the baseline for counting, doubles after 3 improvements and halves after max(4, d) misses', () => {
    const design = [1, 5, 2];
    expect(trustRegionState(design, 3, 2, settings).length).toBe(0.8);
    expect(trustRegionState([...design, 6, 7, 8], 3, 2, settings).length).toBeCloseTo(1.6);
    // max(4, 2) = 4 misses halve; a miss in between resets the improvement run.
    expect(trustRegionState([...design, 6, 7, 0, 8], 3, 2, settings).length).toBe(0.8);
    expect(trustRegionState([...design, 0, 0, 0, 0], 3, 2, settings).length).toBeCloseTo(0.4);
    expect(trustRegionState([...design, 0, 0, 0], 3, 2, settings).length).toBe(0.8);
    // In 6-D it takes 6 misses.
    expect(trustRegionState([...design, 0, 0, 0, 0, 0], 3, 6, settings).length).toBe(0.8);
    expect(trustRegionState([...design, 0, 0, 0, 0, 0, 0], 3, 6, settings).length).toBeCloseTo(0.4);
  });

  it('counts a failed run as a miss and a gain below 1e-3 of |best| as no improvement', () => {
    expect(trustRegionState([5, null, null, null, null], 1, 2, settings).length).toBeCloseTo(0.4);
    expect(trustRegionState([1000, 1000.5, 1000.9, 1000.99, 1000.999], 1, 2, settings).length).toBeCloseTo(0.4);
    expect(trustRegionState([1000, 1002, 1004, 1006], 1, 2, settings).length).toBeCloseTo(1.6);
  });

  it('restarts at the initial length once it shrinks below the minimum', () => {
    const misses = Array.from({ length: 4 * 7 }, () => 0);
    const state = trustRegionState([1, ...misses], 1, 2, settings);
    // 0.8 / 2^7 < 2^-7 after 7 halvings (28 misses): back to 0.8.
    expect(state.restarts).toBe(1);
    expect(state.length).toBe(0.8);
    expect(trustRegionState([1, ...misses.slice(4)], 1, 2, settings).length).toBeCloseTo(0.8 / 64);
  });

  it('rejects inconsistent lengths and unknown keys', () => {
    expect(() => trustRegionSettingsSchema.parse({ minLength: 1, initialLength: 0.5 })).toThrow(/minLength < initialLength/);
    expect(() => trustRegionSettingsSchema.parse({ length: 0.5 })).toThrow();
  });

  it('is a box of the given side around the centre, cut to the cube', () => {
    const box = trustRegionBox([0.5, 0.1], 0.4);
    expect(Array.from(box.lower)).toEqual([0.3, 0]);
    expect(box.upper[0]).toBeCloseTo(0.7);
    expect(box.upper[1]).toBeCloseTo(0.3);
  });
});

describe('acquisition search in a trust region', () => {
  const box = trustRegionBox([0.2, 0.2, 0.2], 0.2);
  for (const boundary of ['clamp', 'reflect'] as const) {
    it(`keeps every proposal in the box and finds the best point of it (${boundary})`, () => {
      // The bowl's centre lies outside the box: the box's best point is its corner nearest it.
      const chosen = optimizeAcquisition(unitCube(3), bowl([0.9, 0.9, 0.9]), 3, createRandom(4), { box, boundary, anchors: [[0.2, 0.2, 0.2], [0.9, 0.9, 0.9]] });
      for (const c of chosen) for (let i = 0; i < 3; i++) expect(c.unit[i]).toBeGreaterThanOrEqual(box.lower[i]), expect(c.unit[i]).toBeLessThanOrEqual(box.upper[i]);
      for (let i = 0; i < 3; i++) expect(chosen[0].unit[i]).toBeGreaterThan(0.29);
    });
  }

  it('stays feasible under a constraint that cuts the box', () => {
    const region = unitRegion({
      parameters: [{ name: 'x', lower: 0, upper: 1 }, { name: 'y', lower: 0, upper: 1 }],
      constraints: [{ name: 'x + y <= 0.5', coefficients: { x: 1, y: 1 }, bound: 0.5 }],
    });
    const cut = trustRegionBox([0.2, 0.2], 0.4);
    const chosen = optimizeAcquisition(region, bowl([1, 1]), 4, createRandom(5), { box: cut });
    for (const c of chosen) {
      expect(isFeasible(region, c.unit)).toBe(true);
      for (let i = 0; i < 2; i++) expect(c.unit[i]).toBeLessThanOrEqual(cut.upper[i]);
    }
    expect(chosen[0].unit[0] + chosen[0].unit[1]).toBeGreaterThan(0.49);
  });
});

describe('planner with a trust region', () => {
  const space = { parameters: [{ name: 'a', lower: 0, upper: 10 }, { name: 'b', lower: 0, upper: 10 }] };
  /** Best at the far corner: a planner searching around its best point must creep towards it. */
  const objective = (p: Record<string, number>) => p.a + p.b;

  /** GP-EI after a 4-point design and two misses; returns the best design point and the next proposal. */
  async function afterTwoMisses(optimizer?: { trustRegion: TrustRegionSettingsInput }) {
    const planner = createPlanner({
      space,
      objective: { name: 'y', direction: 'maximize' },
      policy: 'ei',
      surrogate: { kind: 'gp' },
      initialDesign: { sampler: 'lhs', count: 4 },
      seed: 3,
      ...(optimizer ? { optimizer } : {}),
    });
    for (const c of await planner.ask(4)) planner.tell({ id: c.id, value: objective(c.point) });
    const best = planner.best()!;
    planner.tell([{ point: { a: 0, b: 0 }, value: -1 }, { point: { a: 0, b: 1 }, value: -1 }]);
    const [next] = await planner.ask(1);
    return { best, next };
  }

  it('proposes inside the box around the best observation, which the history has shrunk', async () => {
    // Two misses in a row (failure tolerance 1): 0.8 -> 0.4 -> 0.2.
    const { best, next } = await afterTwoMisses({ trustRegion: { failureTolerance: 1 } });
    expect(Math.abs(next.point.a - best.point.a)).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.abs(next.point.b - best.point.b)).toBeLessThanOrEqual(1 + 1e-9);
    // Without the trust region the same planner goes farther (towards the corner at 10, 10).
    const { next: far } = await afterTwoMisses();
    expect(Math.max(Math.abs(far.point.a - best.point.a), Math.abs(far.point.b - best.point.b))).toBeGreaterThan(1);
  });

  it('searches the whole region until activeFrom observations, then starts the box at its initial size', async () => {
    // 6 observations: with activeFrom 7 the region is off and the proposal is the unrestricted one.
    const off = await afterTwoMisses({ trustRegion: { failureTolerance: 1, activeFrom: 7 } });
    const { next: unrestricted } = await afterTwoMisses();
    expect(off.next.point).toEqual(unrestricted.point);
    // With activeFrom 6 the two misses come before it and do not shrink the box: the proposal is
    // that of a region that never shrinks (0.8 wide), which stays within 4 units of the best.
    const fresh = await afterTwoMisses({ trustRegion: { failureTolerance: 1, activeFrom: 6 } });
    const neverShrunk = await afterTwoMisses({ trustRegion: { failureTolerance: 100 } });
    expect(fresh.next.point).toEqual(neverShrunk.next.point);
    expect(fresh.next.point).not.toEqual(unrestricted.point);
    for (const name of ['a', 'b'] as const) expect(Math.abs(fresh.next.point[name] - fresh.best.point[name])).toBeLessThanOrEqual(4 + 1e-9);
    expect(() => trustRegionSettingsSchema.parse({ activeFrom: -1 })).toThrow();
  });
});

describe('trust region smaller than the exclusion distance', () => {
  it('searches the whole region when no point of the box keeps minDistance from the known points', () => {
    const box = trustRegionBox([0.5, 0.5], 0.004);
    const chosen = optimizeAcquisition(unitCube(2), bowl([0.5, 0.5]), 1, createRandom(6), { box, exclude: [[0.5, 0.5]], minDistance: 0.05 });
    const distance = Math.hypot(chosen[0].unit[0] - 0.5, chosen[0].unit[1] - 0.5);
    expect(distance).toBeGreaterThanOrEqual(0.05);
    expect(distance).toBeLessThan(0.06);
  });

  it('lets a planner that keeps missing go on proposing (the box stays wider than the exclusion distance)', async () => {
    const planner = createPlanner({
      space: { parameters: [{ name: 'a', lower: 0, upper: 1 }, { name: 'b', lower: 0, upper: 1 }] },
      objective: { name: 'y', direction: 'maximize' },
      policy: 'ei',
      surrogate: { kind: 'gp' },
      initialDesign: { sampler: 'lhs', count: 4 },
      seed: 8,
      optimizer: { trustRegion: { failureTolerance: 1, minLength: 1e-6 } },
    });
    for (const c of await planner.ask(4)) planner.tell({ id: c.id, value: -((c.point.a - 0.3) ** 2) - (c.point.b - 0.6) ** 2 });
    for (let k = 0; k < 25; k++) {
      const [c] = await planner.ask(1);
      planner.tell({ id: c.id, value: -((c.point.a - 0.3) ** 2) - (c.point.b - 0.6) ** 2 });
    }
    expect(planner.observations()).toHaveLength(29);
    expect(-planner.best()!.value!).toBeLessThan(1e-3);
  });
});

describe('trust region of a planner informed by earlier data', () => {
  const space = { parameters: [{ name: 'a', lower: 0, upper: 10 }, { name: 'b', lower: 0, upper: 10 }] };
  // Earlier data told in order of falling value: replayed as results they would all be misses.
  const prior = Array.from({ length: 12 }, (_, k) => ({ point: { a: 1 + (k % 4) * 0.5, b: 1 + Math.floor(k / 4) * 0.5 }, value: 100 - k }));
  const options = {
    space,
    objective: { name: 'y', direction: 'maximize' as const },
    policy: 'ei',
    surrogate: { kind: 'gp' as const },
    initialDesign: { sampler: 'lhs' as const, count: 2 },
    seed: 5,
    optimizer: { trustRegion: { failureTolerance: 1 } },
    prior,
  };

  it('takes the data told before the first ask as the baseline, so the box starts at full size', async () => {
    const planner = createPlanner(options);
    const [next] = await planner.ask(1);
    expect(planner.toJSON().baseline).toBe(12);
    // With the prior replayed as 10 misses the box would be 0.8 / 2^10 wide (0.008 units);
    // at full size the proposal may leave the neighbourhood of the best point (1, 1).
    expect(Math.max(Math.abs(next.point.a - 1), Math.abs(next.point.b - 1))).toBeGreaterThan(0.5);
  });

  it('keeps the baseline through a save and restore', async () => {
    const original = createPlanner(options);
    const [first] = await original.ask(1);
    original.tell({ id: first.id, value: 50 });
    const restored = restorePlanner(JSON.parse(JSON.stringify(original.toJSON())));
    const [a] = await original.ask(1);
    const [b] = await restored.ask(1);
    expect(b.unit).toEqual(a.unit);
    expect(restored.toJSON().baseline).toBe(12);
  });
});
