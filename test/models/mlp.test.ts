import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import {
  createMlp,
  featureVectorJacobian,
  inputGradientBatch,
  lastHiddenFeatures,
  mlpLayerSizes,
  mlpLoss,
  mlpParameterCount,
  predictBatch,
  trainMlp,
  type Activation,
  type TrainingData,
} from '../../src/models/mlp.js';

function randomData(count: number, dimension: number, seed: number, weighted: boolean): TrainingData {
  const random = createRandom(seed);
  const inputs = new Float64Array(count * dimension);
  const targets = new Float64Array(count);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let k = 0; k < dimension; k++) {
      inputs[i * dimension + k] = random.uniform();
      sum += Math.sin(3 * inputs[i * dimension + k]);
    }
    targets[i] = sum + 0.1 * random.normal();
    weights[i] = 1 + random.int(3);
  }
  return weighted ? { inputs, targets, count, weights } : { inputs, targets, count };
}

function relativeError(analytic: number, numeric: number): number {
  return Math.abs(analytic - numeric) / Math.max(1e-6, Math.abs(analytic) + Math.abs(numeric));
}

describe('mlp parameter layout', () => {
  it('counts weights and biases of every layer', () => {
    expect(mlpParameterCount([7, 16, 16, 1])).toBe(7 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
    expect(mlpLayerSizes(3, [4, 5])).toEqual([3, 4, 5, 1]);
  });

  it('computes a hand-built net exactly (weights row-major [out][in], biases after weights)', () => {
    const net = createMlp([2, 2, 1], 'relu', createRandom(1));
    // hidden: h0 = relu(1*x0 + 2*x1 + 0.5), h1 = relu(-1*x0 + 1*x1 - 0.25); out = 3*h0 - 2*h1 + 1
    net.parameters.set([1, 2, -1, 1, 0.5, -0.25, 3, -2, 1]);
    const out = predictBatch(net, new Float64Array([0.2, 0.3, 0.9, 0.1]), 2);
    const h0a = 0.2 + 0.6 + 0.5;
    const h1a = Math.max(0, -0.2 + 0.3 - 0.25);
    expect(out[0]).toBeCloseTo(3 * h0a - 2 * h1a + 1, 14);
    const h0b = 0.9 + 0.2 + 0.5;
    expect(out[1]).toBeCloseTo(3 * h0b + 1, 14);
  });
});

describe('mlp gradients match central finite differences', () => {
  const cases: Array<[Activation, boolean, number]> = [
    ['tanh', false, 0],
    ['tanh', true, 1e-3],
    ['relu', false, 1e-3],
    ['relu', true, 0],
  ];
  for (const [activation, weighted, weightDecay] of cases) {
    it(`parameter gradient: ${activation}, weighted rows ${weighted}, weight decay ${weightDecay}`, () => {
      const data = randomData(12, 3, 11, weighted);
      const net = createMlp([3, 5, 4, 1], activation, createRandom(5));
      // Move biases off zero so relu kinks are not hit exactly.
      const r = createRandom(9);
      for (let q = 0; q < net.parameters.length; q++) net.parameters[q] += 0.1 * r.normal();
      const gradient = new Float64Array(net.parameters.length);
      mlpLoss(net, data, weightDecay, gradient);
      const h = 1e-6;
      let worst = 0;
      for (let q = 0; q < net.parameters.length; q++) {
        const saved = net.parameters[q];
        net.parameters[q] = saved + h;
        const up = mlpLoss(net, data, weightDecay);
        net.parameters[q] = saved - h;
        const down = mlpLoss(net, data, weightDecay);
        net.parameters[q] = saved;
        worst = Math.max(worst, relativeError(gradient[q], (up - down) / (2 * h)));
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }

  for (const activation of ['tanh', 'relu'] as const) {
    it(`input gradient: ${activation}`, () => {
      const net = createMlp([4, 6, 5, 1], activation, createRandom(21));
      const r = createRandom(3);
      for (let q = 0; q < net.parameters.length; q++) net.parameters[q] += 0.1 * r.normal();
      const count = 5;
      const inputs = new Float64Array(count * 4);
      for (let q = 0; q < inputs.length; q++) inputs[q] = r.uniform();
      const values = new Float64Array(count);
      const gradient = inputGradientBatch(net, inputs, count, undefined, values);
      expect(Array.from(values)).toEqual(Array.from(predictBatch(net, inputs, count)));
      const h = 1e-6;
      let worst = 0;
      for (let q = 0; q < inputs.length; q++) {
        const saved = inputs[q];
        inputs[q] = saved + h;
        const up = predictBatch(net, inputs, count);
        inputs[q] = saved - h;
        const down = predictBatch(net, inputs, count);
        inputs[q] = saved;
        const row = Math.floor(q / 4);
        worst = Math.max(worst, relativeError(gradient[q], (up[row] - down[row]) / (2 * h)));
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('feature pass: outputs, output gradients and v . phi gradients from one forward pass match the separate ones', () => {
    const net = createMlp([3, 6, 4, 1], 'relu', createRandom(31));
    const r = createRandom(8);
    for (let q = 0; q < net.parameters.length; q++) net.parameters[q] += 0.1 * r.normal();
    const count = 4;
    const inputs = Float64Array.from({ length: count * 3 }, () => r.uniform());
    const vector = [0.5, -1, 2, 0.25];
    const vectorFor = (_features: Float64Array, v: Float64Array) => v.set(vector);
    const values = new Float64Array(count);
    const outputGradient = new Float64Array(count * 3);
    const featureGradient = new Float64Array(count * 3);
    const features = featureVectorJacobian(net, inputs, count, vectorFor, featureGradient, values, outputGradient);
    expect(Array.from(values)).toEqual(Array.from(predictBatch(net, inputs, count)));
    expect(Array.from(outputGradient)).toEqual(Array.from(inputGradientBatch(net, inputs, count)));
    expect(Array.from(features)).toEqual(Array.from(lastHiddenFeatures(net, inputs, count)));
    const alone = new Float64Array(count * 3);
    featureVectorJacobian(net, inputs, count, vectorFor, alone);
    expect(Array.from(featureGradient)).toEqual(Array.from(alone));
    // And v . phi's gradient is right (central differences).
    const h = 1e-6;
    const dot = (x: Float64Array) => {
      const phi = lastHiddenFeatures(net, x, count);
      return Array.from({ length: count }, (_, i) => vector.reduce((sum, v, j) => sum + v * phi[i * 4 + j], 0));
    };
    for (let q = 0; q < inputs.length; q++) {
      const saved = inputs[q];
      inputs[q] = saved + h;
      const up = dot(inputs);
      inputs[q] = saved - h;
      const down = dot(inputs);
      inputs[q] = saved;
      const row = Math.floor(q / 3);
      expect(relativeError(featureGradient[q], (up[row] - down[row]) / (2 * h))).toBeLessThan(1e-6);
    }
  });
});

describe('mlp training', () => {
  it('Adam drives the loss of a smooth 1-D fit far below the variance of the targets', () => {
    const count = 30;
    const inputs = new Float64Array(count);
    const targets = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      inputs[i] = i / (count - 1);
      targets[i] = Math.sin(2 * Math.PI * inputs[i]);
    }
    const data = { inputs, targets, count };
    const net = createMlp([1, 16, 16, 1], 'tanh', createRandom(2));
    const before = mlpLoss(net, data);
    const after = trainMlp(net, data, { epochs: 1500, learningRate: 0.01 });
    expect(before).toBeGreaterThan(0.2);
    expect(after).toBeLessThan(0.01 * before);
  });

  it('integer row weights are the same as repeating the rows', () => {
    const data = randomData(10, 2, 4, true);
    const repeatedInputs: number[] = [];
    const repeatedTargets: number[] = [];
    for (let i = 0; i < data.count; i++) {
      for (let c = 0; c < data.weights![i]; c++) {
        repeatedInputs.push(data.inputs[2 * i], data.inputs[2 * i + 1]);
        repeatedTargets.push(data.targets[i]);
      }
    }
    const repeated = { inputs: Float64Array.from(repeatedInputs), targets: Float64Array.from(repeatedTargets), count: repeatedTargets.length };
    const net = createMlp([2, 4, 1], 'tanh', createRandom(8));
    const g1 = new Float64Array(net.parameters.length);
    const g2 = new Float64Array(net.parameters.length);
    const l1 = mlpLoss(net, data, 0, g1);
    const l2 = mlpLoss(net, repeated, 0, g2);
    expect(l1).toBeCloseTo(l2, 12);
    for (let q = 0; q < g1.length; q++) expect(g1[q]).toBeCloseTo(g2[q], 12);
  });

  it('same seed gives the same trained parameters, another seed different ones', () => {
    const data = randomData(20, 3, 1, false);
    const train = (seed: number) => {
      const net = createMlp([3, 8, 1], 'relu', createRandom(seed));
      trainMlp(net, data, { epochs: 50, learningRate: 0.01, weightDecay: 1e-4 });
      return Array.from(net.parameters);
    };
    expect(train(7)).toEqual(train(7));
    expect(train(7)).not.toEqual(train(8));
  });

  it('weight decay shrinks the weights', () => {
    const data = randomData(20, 3, 1, false);
    const norm = (weightDecay: number) => {
      const net = createMlp([3, 8, 1], 'tanh', createRandom(3));
      trainMlp(net, data, { epochs: 300, learningRate: 0.01, weightDecay });
      return net.parameters.reduce((s, p) => s + p * p, 0);
    };
    expect(norm(0.05)).toBeLessThan(0.7 * norm(0));
  });
});
