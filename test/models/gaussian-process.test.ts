import { describe, expect, it } from 'vitest';
import { expectPredictionGradientsMatch } from './prediction-gradient-check.js';
import { createRandom } from '../../src/domain/random.js';
import { createGpTrainer, gpLogMarginalLikelihood } from '../../src/models/gaussian-process.js';

function sample(count: number, dimension: number, seed: number, f: (x: number[]) => number) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => Array.from({ length: dimension }, () => random.uniform()));
  return { points, targets: points.map(f) };
}

/** Matern 5/2 written out independently of the model code. */
function matern52(distance: number, lengthscale: number, signalVariance: number): number {
  const u = (Math.sqrt(5) * Math.abs(distance)) / lengthscale;
  return signalVariance * (1 + u + (u * u) / 3) * Math.exp(-u);
}

describe('GP posterior', () => {
  it('matches the posterior computed by hand for two points in 1-D', async () => {
    const lengthscale = 0.4;
    const signalVariance = 1.5;
    const noiseVariance = 0.01;
    const x = [0, 0.5];
    const y = [1, -1];
    const gp = await createGpTrainer({
      standardizeTargets: false,
      fixed: { lengthscales: [lengthscale], signalVariance, noiseVariance, mean: 0 },
    }).fit(x.map((v) => [v]), y, createRandom(1));
    // K = [[a, b], [b, a]], K^-1 = [[a, -b], [-b, a]] / (a^2 - b^2).
    const a = signalVariance + noiseVariance;
    const b = matern52(0.5, lengthscale, signalVariance);
    const determinant = a * a - b * b;
    const inverse = [[a / determinant, -b / determinant], [-b / determinant, a / determinant]];
    for (const star of [0.3, 0.9, -0.2]) {
      const k = x.map((xi) => matern52(star - xi, lengthscale, signalVariance));
      const weights = [inverse[0][0] * k[0] + inverse[0][1] * k[1], inverse[1][0] * k[0] + inverse[1][1] * k[1]];
      const mean = weights[0] * y[0] + weights[1] * y[1];
      const variance = signalVariance - (weights[0] * k[0] + weights[1] * k[1]);
      const prediction = gp.predict([[star]]);
      expect(prediction.mean[0]).toBeCloseTo(mean, 12);
      expect(prediction.std[0]).toBeCloseTo(Math.sqrt(variance), 12);
      expect(prediction.members).toBeUndefined();
    }
    const withNoise = await createGpTrainer({
      standardizeTargets: false,
      includeNoiseInStd: true,
      fixed: { lengthscales: [lengthscale], signalVariance, noiseVariance, mean: 0 },
    }).fit(x.map((v) => [v]), y, createRandom(1));
    const latent = gp.predict([[0.3]]).std[0];
    expect(withNoise.predict([[0.3]]).std[0]).toBeCloseTo(Math.sqrt(latent * latent + noiseVariance), 12);
  });

  it('profiles the constant mean: for two symmetric points it is their average', async () => {
    const gp = await createGpTrainer({
      standardizeTargets: false,
      fixed: { lengthscales: [0.3], signalVariance: 2, noiseVariance: 0.1 },
    }).fit([[0.2], [0.6]], [4, 10], createRandom(1));
    expect(gp.hyperparameters.mean).toBeCloseTo(7, 12);
    // Far from the data the posterior mean returns to the constant mean.
    expect(gp.predict([[40]]).mean[0]).toBeCloseTo(7, 10);
  });

  it('interpolates noise-free data: mean at training points within 1e-3, std near 0', async () => {
    const f = (x: number[]) => Math.sin(3 * x[0]) + x[1] * x[1];
    const { points, targets } = sample(15, 2, 3, f);
    const gp = await createGpTrainer().fit(points, targets, createRandom(4));
    const prediction = gp.predict(points);
    const spread = Math.max(...targets) - Math.min(...targets);
    for (let i = 0; i < points.length; i++) {
      expect(Math.abs(prediction.mean[i] - targets[i])).toBeLessThan(1e-3);
      expect(prediction.std[i]).toBeLessThan(0.01 * spread);
    }
    // Between and beyond the points the GP is uncertain again.
    expect(gp.predict([[3, 3]]).std[0]).toBeGreaterThan(0.2 * spread);
  });

  it('gives an irrelevant input a longer ARD lengthscale than a relevant one', async () => {
    const { points, targets } = sample(30, 2, 5, (x) => Math.sin(4 * x[0]));
    const gp = await createGpTrainer().fit(points, targets, createRandom(6));
    const [relevant, irrelevant] = gp.hyperparameters.lengthscales;
    expect(irrelevant).toBeGreaterThan(5 * relevant);
  });

  it('is deterministic for a seed', async () => {
    const { points, targets } = sample(12, 3, 7, (x) => x[0] * x[1] + x[2]);
    const a = await createGpTrainer().fit(points, targets, createRandom(8));
    const b = await createGpTrainer().fit(points, targets, createRandom(8));
    expect(a.toJSON()).toEqual(b.toJSON());
  });

  it('the fitted hyperparameters are a stationary point of the likelihood (or on a bound)', async () => {
    const { points, targets } = sample(20, 2, 9, (x) => Math.cos(2 * x[0]) - x[1]);
    const noisy = targets.map((t, i) => t + 0.05 * Math.sin(17 * i));
    const gp = await createGpTrainer({ maxIterations: 200 }).fit(points, noisy, createRandom(10));
    const standardised = noisy.map((t) => (t - gp.targetMean) / gp.targetScale);
    const { gradient } = gpLogMarginalLikelihood(points, standardised, { ...gp.hyperparameters, mean: undefined });
    const logValues = [...gp.hyperparameters.lengthscales, gp.hyperparameters.signalVariance, gp.hyperparameters.noiseVariance].map(Math.log);
    const logBounds = [[0.02, 50], [0.02, 50], [0.01, 100], [1e-6, 1]].map(([lo, hi]) => [Math.log(lo), Math.log(hi)]);
    logValues.forEach((v, k) => {
      const onBound = Math.abs(v - logBounds[k][0]) < 1e-9 || Math.abs(v - logBounds[k][1]) < 1e-9;
      if (!onBound) expect(Math.abs(gradient[k])).toBeLessThan(1e-3);
    });
  });
});

describe('GP likelihood and gradients', () => {
  it('log marginal likelihood gradient matches central differences', () => {
    const { points, targets } = sample(15, 3, 11, (x) => Math.sin(5 * x[0]) + x[1] - x[2] * x[0]);
    const hyper = { lengthscales: [0.3, 0.8, 1.7], signalVariance: 1.3, noiseVariance: 0.05 };
    const base = gpLogMarginalLikelihood(points, targets, hyper);
    const theta = [...hyper.lengthscales, hyper.signalVariance, hyper.noiseVariance].map(Math.log);
    const at = (t: number[]) => gpLogMarginalLikelihood(points, targets, {
      lengthscales: t.slice(0, 3).map(Math.exp), signalVariance: Math.exp(t[3]), noiseVariance: Math.exp(t[4]),
    }).logLikelihood;
    const h = 1e-6;
    theta.forEach((_, j) => {
      const up = [...theta];
      const down = [...theta];
      up[j] += h;
      down[j] -= h;
      const numeric = (at(up) - at(down)) / (2 * h);
      expect(Math.abs(base.gradient[j] - numeric) / Math.max(1e-8, Math.abs(numeric) + Math.abs(base.gradient[j]))).toBeLessThan(1e-6);
    });
  });

  it('log marginal likelihood equals the Gaussian log density for one point', () => {
    // n = 1, mean fixed at 0: log N(y; 0, s2 + noise).
    const result = gpLogMarginalLikelihood([[0.5]], [0.7], { lengthscales: [1], signalVariance: 2, noiseVariance: 0.5, mean: 0 });
    const variance = 2.5;
    expect(result.logLikelihood).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * variance) - (0.7 * 0.7) / (2 * variance), 12);
  });

  it('mean and std gradients match central differences', async () => {
    const { points, targets } = sample(12, 2, 13, (x) => Math.exp(-x[0]) + 2 * x[1]);
    const gp = await createGpTrainer().fit(points, targets, createRandom(14));
    expectPredictionGradientsMatch(gp, [0.41, 0.63], 5);
  });

  it('rejects fixed hyperparameters of the wrong size and bad bounds', async () => {
    await expect(createGpTrainer({ fixed: { lengthscales: [1], signalVariance: 1, noiseVariance: 0.1 } }).fit([[0, 0], [1, 1]], [0, 1], createRandom(1)))
      .rejects.toThrow(/fixed lengthscales has 1 entries, inputs have 2/);
    expect(() => createGpTrainer({ lengthscaleBounds: [2, 1] })).toThrow(/invalid GP options/);
  });
});
