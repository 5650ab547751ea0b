import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { createGpTrainer } from '../../src/models/gaussian-process.js';
import type { SurrogateTrainer } from '../../src/models/surrogate.js';
import { LOCAL_MARGIN, localSurrogate, localTrainingIndices, toFrame } from '../../src/planning/local-surrogate.js';
import { createPlanner, restorePlanner } from '../../src/planning/planner.js';
import { optimizerSettingsSchema } from '../../src/planning/plannerState.js';
import { policies } from '../../src/planning/policies/registry.js';
import { ENN_DEFAULT_TRUST_REGION, resolveTrustRegion } from '../../src/planning/search-defaults.js';
import { toyGpTrainer } from './toy-surrogates.js';

describe('local frame of a trust region', () => {
  const frame = { centre: [0.4, 0.9], length: 0.2 };

  it('maps the box onto the unit square, its centre to one half', () => {
    expect(Array.from(toFrame(frame, [0.4, 0.9]))).toEqual([0.5, 0.5]);
    const corner = toFrame(frame, [0.3, 0.8]);
    expect(corner[0]).toBeCloseTo(0, 12);
    expect(corner[1]).toBeCloseTo(0, 12);
    expect(toFrame(frame, [0.5, 1])[0]).toBeCloseTo(1, 12);
  });

  it('trains on the points within half a side of the box, else on the nearest', () => {
    // Chebyshev distances in box sides: 0, 0.5, 0.9, 1.5, 2.5.
    const units = [[0.4, 0.9], [0.5, 0.9], [0.4, 0.72], [0.1, 0.9], [0.9, 0.4]];
    expect(0.5 + LOCAL_MARGIN).toBe(1);
    expect(localTrainingIndices(frame, units, 2)).toEqual([0, 1, 2]);
    expect(localTrainingIndices(frame, units, 4)).toEqual([0, 1, 2, 3]);
    // Never more than there are.
    expect(localTrainingIndices(frame, units.slice(0, 2), 5)).toEqual([0, 1]);
  });
});

describe('local surrogate', () => {
  const bumps = (u: ArrayLike<number>) => Math.sin(9 * u[0]) * Math.cos(7 * u[1]) + u[0] * u[1];
  const frame = { centre: [0.6, 0.3], length: 0.25 };

  async function fitted() {
    const random = createRandom(11);
    const units = Array.from({ length: 30 }, () => [frame.centre[0] + (random.uniform() - 0.5) * 0.3, frame.centre[1] + (random.uniform() - 0.5) * 0.3]);
    const inner = await createGpTrainer().fit(units.map((u) => toFrame(frame, u)), units.map(bumps), createRandom(3));
    return { inner, local: localSurrogate(inner, frame) };
  }

  it('predicts at a unit point what its model predicts at the point in box coordinates', async () => {
    const { inner, local } = await fitted();
    const query = [[0.55, 0.32], [0.9, 0.1]];
    const a = local.predict(query);
    const b = inner.predict(query.map((q) => toFrame(frame, q)));
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
    expect(Array.from(a.std)).toEqual(Array.from(b.std));
    expect(local.toJSON()).toMatchObject({ kind: 'local', frame: { length: 0.25 } });
  });

  it('gives input gradients in unit coordinates (central differences)', async () => {
    const { local } = await fitted();
    const point = [0.58, 0.27];
    const { meanGradient, stdGradient } = local.predictWithGradient!([point]);
    const h = 1e-6;
    for (let k = 0; k < 2; k++) {
      const up = [...point];
      const down = [...point];
      up[k] += h;
      down[k] -= h;
      const [pu, pd] = [local.predict([up]), local.predict([down])];
      expect(meanGradient[0][k]).toBeCloseTo((pu.mean[0] - pd.mean[0]) / (2 * h), 4);
      expect(stdGradient[0][k]).toBeCloseTo((pu.std[0] - pd.std[0]) / (2 * h), 4);
    }
  });
});

/** A toy GP trainer, standing in for a model of the given kind, that records the points of each fit. */
function recordingTrainer(kind = 'toy-gp') {
  const fits: number[][][] = [];
  const inner = toyGpTrainer(0.3);
  const trainer: SurrogateTrainer = { kind, fit: (points, targets, random, context) => {
    fits.push(points.map((p) => Array.from(p)));
    return inner.fit(points, targets, random, context);
  } };
  return { fits, trainer };
}

describe('planner with a local trust-region model', () => {
  const space = { parameters: [{ name: 'a', lower: 0, upper: 1 }, { name: 'b', lower: 0, upper: 1 }] };
  const value = (p: Record<string, number>) => -((p.a - 0.7) ** 2) - (p.b - 0.2) ** 2;

  async function run(localModel: boolean, steps: number) {
    const { fits, trainer } = recordingTrainer();
    const planner = createPlanner({
      space,
      objective: { name: 'y', direction: 'maximize' },
      policy: 'ei',
      surrogate: { kind: 'gp' },
      initialDesign: { sampler: 'lhs', count: 6 },
      seed: 4,
      optimizer: { trustRegion: { failureTolerance: 1, localModel } },
    }, { trainerFactory: () => trainer });
    for (const c of await planner.ask(6)) planner.tell({ id: c.id, value: value(c.point) });
    for (let k = 0; k < steps; k++) {
      const [c] = await planner.ask(1);
      planner.tell({ id: c.id, value: value(c.point) });
    }
    return { planner, fits };
  }

  it('fits in the box coordinates, on the observations near the box, centred on the best', async () => {
    const { planner, fits } = await run(true, 14);
    const observations = planner.observations();
    const last = fits.at(-1)!;
    // The best point sits at the centre of the box: (0.5, 0.5) in the model's coordinates.
    expect(last.some((p) => Math.abs(p[0] - 0.5) < 1e-12 && Math.abs(p[1] - 0.5) < 1e-12)).toBe(true);
    // The box has shrunk after misses, so the local model sees fewer points than were run
    // (but at least 2 (d + 1)), all within half a side of the box or the nearest 6.
    expect(last.length).toBeLessThan(observations.length - 1);
    expect(last.length).toBeGreaterThanOrEqual(6);
    // The global-model planner fits on every observation.
    const global = await run(false, 14);
    expect(global.fits.at(-1)!.length).toBe(observations.length - 1);
    // And the local one still converges on the optimum.
    expect(-planner.best()!.value!).toBeLessThan(1e-3);
  });

  it('proposes the same after a save and restore', async () => {
    const { planner } = await run(true, 8);
    const restored = restorePlanner(JSON.parse(JSON.stringify(planner.toJSON())), { trainerFactory: () => toyGpTrainer(0.3) });
    const original = restorePlanner(JSON.parse(JSON.stringify(planner.toJSON())), { trainerFactory: () => toyGpTrainer(0.3) });
    const [a] = await original.ask(1);
    const [b] = await restored.ask(1);
    expect(b.unit).toEqual(a.unit);
  });
});

describe('default search', () => {
  const space = { parameters: [{ name: 'a', lower: 0, upper: 1 }, { name: 'b', lower: 0, upper: 1 }] };
  const value = (p: Record<string, number>) => -((p.a - 0.7) ** 2) - (p.b - 0.2) ** 2;

  /** Points of the last fit after a 6-point design and 8 proposals, for a planner named by its surrogate kind. */
  async function lastFit(kind: 'enn' | 'gp', policy: string, optimizer?: { trustRegion: false }) {
    const { fits, trainer } = recordingTrainer(kind);
    const planner = createPlanner({
      space,
      objective: { name: 'y', direction: 'maximize' },
      policy,
      surrogate: { kind },
      initialDesign: { sampler: 'lhs', count: 6 },
      seed: 4,
      ...(optimizer ? { optimizer } : {}),
    }, { trainerFactory: () => trainer });
    for (const c of await planner.ask(6)) planner.tell({ id: c.id, value: value(c.point) });
    for (let k = 0; k < 8; k++) {
      const [c] = await planner.ask(1);
      planner.tell({ id: c.id, value: value(c.point) });
    }
    const best = planner.best()!;
    return { points: fits.at(-1)!, best: [best.point.a, best.point.b], observed: planner.observations().length };
  }
  /** The fit's coordinates are the trust region's: the best observation sits at its centre. */
  const centredOnBest = ({ points }: { points: number[][] }) => points.some((p) => p.every((x) => Math.abs(x - 0.5) < 1e-12));

  it('searches a local-model trust region for an ENN that seeks the optimum', async () => {
    expect(ENN_DEFAULT_TRUST_REGION.localModel).toBe(true);
    expect(centredOnBest(await lastFit('enn', 'ei'))).toBe(true);
    expect(centredOnBest(await lastFit('enn', 'ucb'))).toBe(true);
  });

  it('searches the whole region with the global model for a GP, for mv, and with trustRegion: false', async () => {
    for (const fit of [await lastFit('gp', 'ei'), await lastFit('enn', 'mv'), await lastFit('enn', 'ei', { trustRegion: false })]) {
      // Fitted on every observation but the last, in unit coordinates (the best one among them as it is).
      expect(fit.points).toHaveLength(fit.observed - 1);
      expect(centredOnBest(fit)).toBe(false);
    }
  });

  it('takes false or settings, nothing else', () => {
    expect(optimizerSettingsSchema.parse({ trustRegion: false }).trustRegion).toBe(false);
    expect(() => optimizerSettingsSchema.parse({ trustRegion: true })).toThrow();
    expect(resolveTrustRegion(undefined, 'enn', policies.get('random'))).toBeUndefined();
  });
});
