import { afterAll, describe, expect, it } from 'vitest';
import { expectPredictionGradientsMatch } from './prediction-gradient-check.js';
import { createRandom } from '../../src/domain/random.js';
import { additiveParameterMask } from '../../src/models/additive-members.js';
import { createEnnTrainer, ennFromSerialized, planMembers, resolveEnnOptions, serializedEnnSchema, type EnnOptions } from '../../src/models/ensemble.js';
import type { MemberTrainingJob } from '../../src/models/ensemble-members.js';
import { closeEnsembleWorkers, trainMembers, trainMembersSerial } from '../../src/models/ensemble-pool.js';
import { rSquared } from '../../src/models/metrics.js';
import { createMlp, mlpParameterCount, trainMlp } from '../../src/models/mlp.js';

afterAll(async () => {
  await closeEnsembleWorkers();
});

function uniformPoints(count: number, dimension: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => random.uniform()));
}

/** f(x + h e_i + k e_j) - f(x + h e_i) - f(x + k e_j) + f(x): zero for every additive f. */
function mixedDifferences(predict: (points: number[][]) => ArrayLike<number>, points: number[][], i: number, j: number): number[] {
  const shifted = (x: number[], di: number, dj: number) => x.map((v, k) => v + (k === i ? di : 0) + (k === j ? dj : 0));
  const rows = points.flatMap((x) => [shifted(x, 0.3, 0.3), shifted(x, 0.3, 0), shifted(x, 0, 0.3), x]);
  const values = predict(rows);
  return points.map((_, p) => values[4 * p] - values[4 * p + 1] - values[4 * p + 2] + values[4 * p + 3]);
}

const additiveTarget = (x: number[]) => x.reduce((sum, v, i) => sum + Math.sin(6 * v + i), 0);
const FAST: EnnOptions = { members: 6, epochs: 300, distanceSpread: { scale: 0 }, parallel: false };

describe('additive parameter mask', () => {
  it('connects each first-layer block to its own input and deeper blocks only to their own block', () => {
    const sizes = [3, 6, 3, 1];
    const mask = additiveParameterMask(sizes);
    expect(mask.length).toBe(mlpParameterCount(sizes));
    // Layer 1 (6 x 3): units 0-1 see input 0, 2-3 input 1, 4-5 input 2; then 6 biases.
    const first = Array.from({ length: 6 }, (_, unit) => Array.from(mask.subarray(unit * 3, unit * 3 + 3)));
    expect(first).toEqual([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]);
    expect(Array.from(mask.subarray(18, 24))).toEqual([1, 1, 1, 1, 1, 1]);
    // Layer 2 (3 x 6): unit u of block u sees units 2u and 2u + 1.
    const second = Array.from({ length: 3 }, (_, unit) => Array.from(mask.subarray(24 + unit * 6, 24 + unit * 6 + 6)));
    expect(second).toEqual([[1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1]]);
    // The output sums every block.
    expect(Array.from(mask.subarray(24 + 21))).toEqual([1, 1, 1, 1]);
  });

  it('keeps masked weights at zero through training and makes the net a sum of one-input functions', () => {
    const sizes = [3, 9, 6, 1];
    const mask = additiveParameterMask(sizes);
    const net = createMlp(sizes, 'relu', createRandom(2));
    for (let q = 0; q < mask.length; q++) net.parameters[q] *= mask[q];
    const points = uniformPoints(40, 3, 3);
    // A target with an interaction, which the additive net must not pick up.
    const data = { inputs: Float64Array.from(points.flat()), targets: Float64Array.from(points.map((x) => x[0] * x[1] + x[2])), count: 40 };
    trainMlp(net, data, { epochs: 200, learningRate: 0.01, parameterMask: mask });
    for (let q = 0; q < mask.length; q++) if (mask[q] === 0) expect(net.parameters[q] === 0).toBe(true);
    expect(() => trainMlp(net, data, { epochs: 1, learningRate: 0.01, parameterMask: mask.subarray(1) })).toThrow(/mask has/);
  });
});

describe('additive ENN members', () => {
  it('an all-additive ensemble predicts a sum of one-input functions, a full one does not', async () => {
    const points = uniformPoints(40, 3, 4);
    const targets = points.map((x) => x[0] * x[1] + Math.sin(3 * x[2]));
    const probe = uniformPoints(8, 3, 5).map((x) => x.map((v) => 0.6 * v));
    const additive = await createEnnTrainer({ ...FAST, additiveShare: 1 }).fit(points, targets, createRandom(6));
    const full = await createEnnTrainer(FAST).fit(points, targets, createRandom(6));
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) {
      for (const value of mixedDifferences((rows) => additive.predict(rows).mean, probe, i, j)) expect(Math.abs(value)).toBeLessThan(1e-9);
    }
    const fullInteraction = mixedDifferences((rows) => full.predict(rows).mean, probe, 0, 1);
    // x0 x1 has mixed difference 0.09 everywhere; the full nets learn part of it.
    expect(Math.max(...fullInteraction.map(Math.abs))).toBeGreaterThan(0.02);
  });

  it('with half the members additive, exactly those members are additive', async () => {
    const points = uniformPoints(30, 3, 7);
    const targets = points.map((x) => x[0] * x[1] + x[2]);
    const model = await createEnnTrainer({ ...FAST, additiveShare: 0.5 }).fit(points, targets, createRandom(8));
    const probe = uniformPoints(6, 3, 9).map((x) => x.map((v) => 0.6 * v));
    const memberInteraction = model.nets.map((_, m) => Math.max(...mixedDifferences((rows) => model.predict(rows).members![m], probe, 0, 1).map(Math.abs)));
    expect(memberInteraction.slice(0, 3).every((value) => value < 1e-9)).toBe(true);
    expect(memberInteraction.slice(3).every((value) => value > 1e-4)).toBe(true);
  });

  it('generalises better than full members on an additive objective from few points (5-D, 30 points)', async () => {
    const test = uniformPoints(400, 5, 100);
    const testTargets = test.map(additiveTarget);
    for (const seed of [11, 12, 13]) {
      const points = uniformPoints(30, 5, seed);
      const targets = points.map(additiveTarget);
      const r2 = async (options: EnnOptions) => rSquared(testTargets, (await createEnnTrainer({ ...FAST, ...options }).fit(points, targets, createRandom(seed))).predict(test).mean);
      const additive = await r2({ additiveShare: 1 });
      const full = await r2({});
      expect(additive).toBeGreaterThan(0.8);
      expect(additive).toBeGreaterThan(full + 0.1);
    }
  });

  it('has analytic input gradients of the mean and std', async () => {
    const points = uniformPoints(30, 3, 14);
    const model = await createEnnTrainer({ ...FAST, additiveShare: 0.5, distanceSpread: { scale: 0.3, length: 0.1 } }).fit(points, points.map(additiveTarget), createRandom(15));
    expectPredictionGradientsMatch(model, [0.31, 0.52, 0.77], 5);
  });

  it('round-trips through JSON with the same predictions', async () => {
    const points = uniformPoints(25, 4, 16);
    const model = await createEnnTrainer({ ...FAST, additiveShare: 0.5 }).fit(points, points.map(additiveTarget), createRandom(17));
    const restored = ennFromSerialized(serializedEnnSchema.parse(JSON.parse(JSON.stringify(model.toJSON()))));
    const probe = uniformPoints(5, 4, 18);
    expect(Array.from(restored.predict(probe).mean)).toEqual(Array.from(model.predict(probe).mean));
    expect(restored.training?.additiveShare).toBe(0.5);
  });

  it('are trained bit-identically on worker threads', async () => {
    const points = uniformPoints(30, 4, 19);
    const options = resolveEnnOptions({ members: 4, hiddenLayers: [8, 8], additiveShare: 0.5, widthJitter: 0.3 });
    const job: MemberTrainingJob = {
      inputs: Float64Array.from(points.flat()),
      targets: Float64Array.from(points.map(additiveTarget)),
      count: points.length,
      activation: 'relu',
      epochs: 50,
      learningRate: 0.01,
      weightDecay: 1e-4,
      bootstrap: false,
      members: planMembers(4, options, createRandom(20)),
    };
    expect(job.members.map((plan) => plan.additive === true)).toEqual([true, true, false, false]);
    const serial = trainMembersSerial(job);
    const onWorkers = await trainMembers(job, { parallel: true, useMainThread: false });
    expect(onWorkers.parameters.map((p) => Array.from(p))).toEqual(serial.parameters.map((p) => Array.from(p)));
  });

  it('give every input at least one unit per layer, and the share is checked', () => {
    const plans = planMembers(10, resolveEnnOptions({ members: 2, hiddenLayers: [4, 16], additiveShare: 0.5 }), createRandom(21));
    expect(plans.map((plan) => plan.layerSizes)).toEqual([[10, 10, 16, 1], [10, 4, 16, 1]]);
    expect(() => resolveEnnOptions({ additiveShare: 1.5 })).toThrow(/additiveShare/);
  });
});
