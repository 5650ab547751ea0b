import { describe, expect, it } from 'vitest';
import { expectPredictionGradientsMatch } from './prediction-gradient-check.js';
import { createRandom } from '../../src/domain/random.js';
import { createEnnTrainer, planMembers, resolveEnnOptions } from '../../src/models/ensemble.js';
import { rSquared } from '../../src/models/metrics.js';

function sample(count: number, dimension: number, seed: number, f: (x: number[]) => number, lo = 0, hi = 1) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => Array.from({ length: dimension }, () => lo + (hi - lo) * random.uniform()));
  return { points, targets: points.map(f) };
}

const wave1d = (x: number[]) => 3 + 2 * Math.sin(2 * Math.PI * x[0]);
const smooth3d = (x: number[]) => Math.sin(Math.PI * x[0]) + 2 * (x[1] - 0.4) ** 2 + 0.5 * x[2] * x[0];

describe('ENN fit quality', () => {
  it('fits a smooth 1-D function (test R^2 > 0.9)', async () => {
    const train = sample(30, 1, 1, wave1d);
    const test = sample(200, 1, 2, wave1d);
    const model = await createEnnTrainer({ parallel: false }).fit(train.points, train.targets, createRandom(3));
    expect(rSquared(test.targets, model.predict(test.points).mean)).toBeGreaterThan(0.9);
  });

  it('fits a smooth 3-D function (test R^2 > 0.9)', async () => {
    const train = sample(80, 3, 4, smooth3d);
    const test = sample(300, 3, 5, smooth3d);
    const model = await createEnnTrainer({ parallel: false }).fit(train.points, train.targets, createRandom(6));
    expect(rSquared(test.targets, model.predict(test.points).mean)).toBeGreaterThan(0.9);
  });

  it('is more uncertain far from the data than at the data', async () => {
    // Training inputs only in [0, 0.4]; the far region is [0.8, 1].
    const train = sample(25, 1, 7, wave1d, 0, 0.4);
    const model = await createEnnTrainer({ parallel: false }).fit(train.points, train.targets, createRandom(8));
    const average = (values: Float64Array) => values.reduce((s, v) => s + v, 0) / values.length;
    const near = average(model.predict(train.points).std);
    const far = average(model.predict(Array.from({ length: 21 }, (_, i) => [0.8 + 0.01 * i])).std);
    expect(far).toBeGreaterThan(3 * near);
  });
});

describe('ENN predictions', () => {
  const train = sample(20, 2, 9, (x) => x[0] - 2 * x[1] + x[0] * x[1]);
  const options = { members: 4, hiddenLayers: [8], epochs: 100, parallel: false } as const;

  it('same seed gives identical models, another seed a different one', async () => {
    const trainer = createEnnTrainer(options);
    const a = await trainer.fit(train.points, train.targets, createRandom(42));
    const b = await trainer.fit(train.points, train.targets, createRandom(42));
    const c = await trainer.fit(train.points, train.targets, createRandom(43));
    const probe = [[0.1, 0.2], [0.7, 0.9]];
    expect(Array.from(a.predict(probe).mean)).toEqual(Array.from(b.predict(probe).mean));
    expect(Array.from(a.predict(probe).mean)).not.toEqual(Array.from(c.predict(probe).mean));
  });

  it('mean and std are the mean and sample std of the exposed members (without the distance term)', async () => {
    const model = await createEnnTrainer({ ...options, distanceSpread: { scale: 0 } }).fit(train.points, train.targets, createRandom(1));
    const prediction = model.predict([[0.3, 0.6]]);
    const values = prediction.members!.map((m) => m[0]);
    expect(values).toHaveLength(4);
    const mean = values.reduce((s, v) => s + v, 0) / 4;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 3);
    expect(prediction.mean[0]).toBeCloseTo(mean, 12);
    expect(prediction.std[0]).toBeCloseTo(std, 12);
    expect(new Set(values).size).toBe(4);
  });

  it('with the distance term the std is the members\' std and the distance spread in quadrature', async () => {
    const model = await createEnnTrainer(options).fit(train.points, train.targets, createRandom(1));
    const plain = await createEnnTrainer({ ...options, distanceSpread: { scale: 0 } }).fit(train.points, train.targets, createRandom(1));
    const probe = [[0.3, 0.6], [0.95, 0.05]];
    const withTerm = model.predict(probe);
    const without = plain.predict(probe);
    expect(Array.from(withTerm.mean)).toEqual(Array.from(without.mean));
    const spread = model.extras.distanceSpread!;
    expect(spread.scale).toBe(0.3);
    for (let i = 0; i < probe.length; i++) {
      const nearest = Math.min(...train.points.map((p) => (p[0] - probe[i][0]) ** 2 + (p[1] - probe[i][1]) ** 2));
      const extra = model.targetScale * 0.3 * (1 - Math.exp(-nearest / (2 * (0.1 * Math.SQRT2) ** 2)));
      expect(withTerm.std[i]).toBeCloseTo(Math.hypot(without.std[i], extra), 12);
    }
  });

  it('predicts in target units: shifting and scaling the targets shifts and scales the predictions', async () => {
    const trainer = createEnnTrainer(options);
    const a = await trainer.fit(train.points, train.targets, createRandom(5));
    const b = await trainer.fit(train.points, train.targets.map((t) => 1000 + 50 * t), createRandom(5));
    const probe = [[0.25, 0.75]];
    expect(b.predict(probe).mean[0]).toBeCloseTo(1000 + 50 * a.predict(probe).mean[0], 8);
    expect(b.predict(probe).std[0]).toBeCloseTo(50 * a.predict(probe).std[0], 8);
  });

  it('gradients of mean and std match central differences', async () => {
    const model = await createEnnTrainer({ ...options, activation: 'tanh' }).fit(train.points, train.targets, createRandom(2));
    expectPredictionGradientsMatch(model, [0.37, 0.52], 6);
  });

  it('rejects points of the wrong dimension and bad options', async () => {
    const model = await createEnnTrainer(options).fit(train.points, train.targets, createRandom(2));
    expect(() => model.predict([[0.1, 0.2, 0.3]])).toThrow(/3 coordinates, expected 2/);
    expect(() => createEnnTrainer({ members: 0 })).toThrow(/invalid ENN options/);
    expect(() => createEnnTrainer({ hiddenLayers: [8, 0] })).toThrow(/invalid ENN options/);
    await expect(createEnnTrainer(options).fit(train.points, [1, 2], createRandom(1))).rejects.toThrow(/20 points but 2 targets/);
  });
});

describe('member plans', () => {
  it('draws hidden widths within the jitter range and differently per member', () => {
    const options = resolveEnnOptions({ members: 20, hiddenLayers: [20, 10], widthJitter: 0.5 });
    const plans = planMembers(3, options, createRandom(1));
    for (const plan of plans) {
      expect(plan.layerSizes[0]).toBe(3);
      expect(plan.layerSizes[1]).toBeGreaterThanOrEqual(10);
      expect(plan.layerSizes[1]).toBeLessThanOrEqual(30);
      expect(plan.layerSizes[2]).toBeGreaterThanOrEqual(5);
      expect(plan.layerSizes[2]).toBeLessThanOrEqual(15);
      expect(plan.layerSizes[3]).toBe(1);
    }
    expect(new Set(plans.map((p) => p.layerSizes[1])).size).toBeGreaterThan(3);
    const fixed = planMembers(3, resolveEnnOptions({ members: 5 }), createRandom(1));
    expect(fixed.every((p) => p.layerSizes.join() === '3,32,32,1')).toBe(true);
  });
});
