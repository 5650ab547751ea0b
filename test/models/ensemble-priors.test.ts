import { describe, expect, it } from 'vitest';
import { middleData } from './middle-data.js';
import { expectPredictionGradientsMatch } from './prediction-gradient-check.js';
import { createRandom } from '../../src/domain/random.js';
import { createEnnTrainer, ennFromSerialized, serializedEnnSchema, type EnnOptions } from '../../src/models/ensemble.js';
import { distanceSpreadValues, drawRffPrior, rffPriorValues } from '../../src/models/ensemble-priors.js';
import { loadSurrogate } from '../../src/models/surrogates/registry.js';

const PRIOR: EnnOptions = { bootstrap: false, prior: { kind: 'rff', scale: 1, lengthscale: 0.2 }, distanceSpread: { scale: 0 } };
const SPREAD: EnnOptions = { bootstrap: false, distanceSpread: { scale: 1, length: 0.1 } };
const BOTH: EnnOptions = { ...PRIOR, distanceSpread: { scale: 0.5, length: 0.15 } };

describe('randomised prior functions', () => {
  it('have variance scale^2 on average and the right input gradient', () => {
    const random = createRandom(1);
    let sumSquares = 0;
    const draws = 400;
    const x = Float64Array.from([0.3, 0.7]);
    for (let k = 0; k < draws; k++) sumSquares += rffPriorValues(drawRffPrior(2, 64, 0.3, 2, random), x, 1, 2)[0] ** 2;
    expect(sumSquares / draws).toBeGreaterThan(4 * 0.8);
    expect(sumSquares / draws).toBeLessThan(4 * 1.2);
    const prior = drawRffPrior(2, 16, 0.3, 1, random);
    const gradient = new Float64Array(2);
    rffPriorValues(prior, x, 1, 2, gradient);
    const h = 1e-6;
    for (let k = 0; k < 2; k++) {
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[k] += h;
      down[k] -= h;
      expect(gradient[k]).toBeCloseTo((rffPriorValues(prior, up, 1, 2)[0] - rffPriorValues(prior, down, 1, 2)[0]) / (2 * h), 6);
    }
  });
});

describe('distance-aware spread', () => {
  it('is 0 at a training point and rises to its scale far away', () => {
    const spread = { scale: 2, length: 0.1, points: Float64Array.from([0.5, 0.5]), count: 1 };
    const values = distanceSpreadValues(spread, Float64Array.from([0.5, 0.5, 0.6, 0.5, 1, 1]), 3, 2);
    expect(values[0]).toBe(0);
    expect(values[1]).toBeCloseTo(2 * (1 - Math.exp(-0.5)), 12);
    expect(values[2]).toBeGreaterThan(1.99);
  });
});

describe('ENN spread with distance from the data', () => {
  for (const [label, options] of [['randomised priors', PRIOR], ['distance-aware spread', SPREAD], ['both', BOTH], ['the defaults', {}]] as const) {
    it(`${label}: the std far from the data in the interior exceeds the std at the data`, async () => {
      for (const dimension of [1, 2]) {
        const data = middleData(12, dimension, 3 + dimension);
        const model = await createEnnTrainer({ ...options, parallel: false, epochs: 300 }).fit(data.points, data.targets, createRandom(5));
        const near = model.predict(data.points).std;
        const meanNear = near.reduce((s, v) => s + v, 0) / near.length;
        // Interior points well away from the data (not on a face): 0.1 and 0.9 in every coordinate.
        const far = model.predict([new Array(dimension).fill(0.1), new Array(dimension).fill(0.9)]).std;
        for (const s of far) expect(s).toBeGreaterThan(2 * meanNear);
      }
    });
  }

  it('without either option the model carries no extras (the plain ensemble as before)', async () => {
    const data = middleData(12, 1, 4);
    const model = await createEnnTrainer({ bootstrap: false, distanceSpread: { scale: 0 }, parallel: false, epochs: 300 }).fit(data.points, data.targets, createRandom(5));
    expect(model.extras).toEqual({});
  });

  it('gradients of mean and std match central differences with priors and distance spread', async () => {
    const data = middleData(15, 3, 8);
    for (const options of [PRIOR, SPREAD, BOTH]) {
      const model = await createEnnTrainer({ ...options, activation: 'tanh', parallel: false, epochs: 200 }).fit(data.points, data.targets, createRandom(9));
      for (const point of [[0.2, 0.3, 0.8], [0.45, 0.55, 0.5], [0.9, 0.1, 0.6]]) expectPredictionGradientsMatch(model, point, 4);
    }
  });

  it('round-trips through JSON with its priors and spread', async () => {
    const data = middleData(10, 2, 10);
    const model = await createEnnTrainer({ ...BOTH, parallel: false, epochs: 50 }).fit(data.points, data.targets, createRandom(11));
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.members[0].prior.phases).toHaveLength(64);
    expect(json.distanceSpread.points).toHaveLength(20);
    expect(json.training.prior).toEqual({ kind: 'rff', scale: 1, lengthscale: 0.2, features: 64 });
    const loaded = loadSurrogate(json);
    const probe = [[0.1, 0.9], [0.5, 0.5], [0.95, 0.05]];
    expect(loaded.predict(probe)).toEqual(model.predict(probe));
    expect(ennFromSerialized(serializedEnnSchema.parse(json)).toJSON()).toEqual(model.toJSON());
    const broken = { ...json, members: json.members.map((m: Record<string, unknown>, i: number) => (i === 0 ? { ...m, prior: undefined } : m)) };
    expect(serializedEnnSchema.safeParse(broken).success).toBe(false);
  });

  it('is a pure function of data and seed', async () => {
    const data = middleData(10, 2, 12);
    const fit = () => createEnnTrainer({ ...BOTH, parallel: false, epochs: 50 }).fit(data.points, data.targets, createRandom(13));
    expect(JSON.stringify((await fit()).toJSON())).toBe(JSON.stringify((await fit()).toJSON()));
  });
});
