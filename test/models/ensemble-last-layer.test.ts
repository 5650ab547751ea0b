import { describe, expect, it } from 'vitest';
import { middleData } from './middle-data.js';
import { expectPredictionGradientsMatch } from './prediction-gradient-check.js';
import { createRandom } from '../../src/domain/random.js';
import { createEnnTrainer, ennFromSerialized, serializedEnnSchema, type EnnOptions } from '../../src/models/ensemble.js';
import { fitLastLayer, lastLayerVariance } from '../../src/models/ensemble-last-layer.js';
import { loadSurrogate } from '../../src/models/surrogates/registry.js';

const LAST_LAYER: EnnOptions = { bayesianLastLayer: true, distanceSpread: { scale: 0 }, parallel: false };

describe('Bayesian last layer (evidence-fitted linear regression on features)', () => {
  it('recovers the noise precision of a linear model and returns S = (alpha I + beta Phi\'Phi)^-1', () => {
    const random = createRandom(21);
    const width = 3;
    const count = 2000;
    const noiseStd = 0.2;
    const features = new Float64Array(count * width);
    const targets = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < width; j++) features[i * width + j] = random.normal();
      targets[i] = 1.5 * features[i * width] - 0.5 * features[i * width + 2] + 0.3 + noiseStd * random.normal();
    }
    const posterior = fitLastLayer(features, count, width, targets);
    expect(posterior.beta! * noiseStd ** 2).toBeGreaterThan(0.9);
    expect(posterior.beta! * noiseStd ** 2).toBeLessThan(1.1);
    // S times its inverse is the identity.
    const p = width + 1;
    const precision = new Float64Array(p * p);
    for (let i = 0; i < count; i++) {
      const row = [...features.subarray(i * width, (i + 1) * width), 1];
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) precision[a * p + b] += posterior.beta! * row[a] * row[b];
    }
    for (let a = 0; a < p; a++) precision[a * p + a] += posterior.alpha!;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        let sum = 0;
        for (let k = 0; k < p; k++) sum += posterior.covariance[a * p + k] * precision[k * p + b];
        expect(sum).toBeCloseTo(a === b ? 1 : 0, 8);
      }
    }
  });

  it('is small on the span of the training features and |phi_perp|^2 / alpha off it', () => {
    // Training features only ever use the first of two coordinates.
    const count = 30;
    const features = new Float64Array(count * 2);
    const targets = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      features[i * 2] = i / count;
      targets[i] = 2 * features[i * 2];
    }
    const posterior = fitLastLayer(features, count, 2, targets);
    const [onSpan, offSpan] = lastLayerVariance(posterior, [0.5, 0, 0.5, 3], 2);
    expect(onSpan).toBeLessThan(1e-3);
    expect(offSpan).toBeCloseTo(9 / posterior.alpha!, 2);
  });
});

describe('ENN with a Bayesian last layer', () => {
  it('has a std far from the data in the interior above the std at the data', async () => {
    for (const dimension of [1, 2]) {
      const data = middleData(12, dimension, 3 + dimension);
      const model = await createEnnTrainer({ ...LAST_LAYER, epochs: 300 }).fit(data.points, data.targets, createRandom(5));
      const plain = await createEnnTrainer({ ...LAST_LAYER, bayesianLastLayer: false, epochs: 300 }).fit(data.points, data.targets, createRandom(5));
      const near = model.predict(data.points).std;
      const meanNear = near.reduce((s, v) => s + v, 0) / near.length;
      const probe = [new Array(dimension).fill(0.1), new Array(dimension).fill(0.9)];
      const far = model.predict(probe);
      for (const s of far.std) expect(s).toBeGreaterThan(2 * meanNear);
      // Same members, same means: only the spread grows.
      expect(Array.from(far.mean)).toEqual(Array.from(plain.predict(probe).mean));
      const plainFar = plain.predict(probe).std;
      far.std.forEach((s, i) => expect(s).toBeGreaterThan(plainFar[i]));
    }
  });

  it('gradients of mean and std match central differences (relu and tanh, with the distance spread)', async () => {
    const data = middleData(15, 3, 8);
    for (const activation of ['relu', 'tanh'] as const) {
      for (const distanceSpread of [{ scale: 0 }, { scale: 0.5, length: 0.15 }]) {
        const model = await createEnnTrainer({ ...LAST_LAYER, activation, distanceSpread, epochs: 200 }).fit(data.points, data.targets, createRandom(9));
        for (const point of [[0.2, 0.3, 0.8], [0.45, 0.55, 0.5], [0.9, 0.1, 0.6]]) expectPredictionGradientsMatch(model, point, 4);
      }
    }
  });

  it('round-trips through JSON with its last-layer posteriors, and rejects a wrong-sized one', async () => {
    const data = middleData(10, 2, 10);
    const model = await createEnnTrainer({ ...LAST_LAYER, hiddenLayers: [8, 6], epochs: 50 }).fit(data.points, data.targets, createRandom(11));
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.members[0].lastLayer.covariance).toHaveLength(49);
    expect(json.training.bayesianLastLayer).toBe(true);
    const loaded = loadSurrogate(json);
    const probe = [[0.1, 0.9], [0.5, 0.5], [0.95, 0.05]];
    expect(loaded.predict(probe)).toEqual(model.predict(probe));
    expect(ennFromSerialized(serializedEnnSchema.parse(json)).toJSON()).toEqual(model.toJSON());
    const short = { ...json, members: json.members.map((m: { lastLayer: { covariance: number[] } }) => ({ ...m, lastLayer: { covariance: m.lastLayer.covariance.slice(1) } })) };
    const result = serializedEnnSchema.safeParse(short);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('last-layer weights need 49');
    const partial = { ...json, members: json.members.map((m: Record<string, unknown>, i: number) => (i === 0 ? { ...m, lastLayer: undefined } : m)) };
    expect(serializedEnnSchema.safeParse(partial).success).toBe(false);
  });

  it('is off by default, and a pure function of data and seed when on', async () => {
    const data = middleData(10, 2, 12);
    const plain = await createEnnTrainer({ parallel: false, epochs: 20 }).fit(data.points, data.targets, createRandom(13));
    expect(plain.extras.lastLayers).toBeUndefined();
    const fit = () => createEnnTrainer({ ...LAST_LAYER, epochs: 50 }).fit(data.points, data.targets, createRandom(13));
    expect(JSON.stringify((await fit()).toJSON())).toBe(JSON.stringify((await fit()).toJSON()));
  });
});
