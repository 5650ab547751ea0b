import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import type { Surrogate, SurrogateTrainer } from '../../src/models/surrogate.js';
import { crossValidatedR2, defaultSizes, parityData, uncertaintyVersusDataSize } from '../../src/insights/twin-quality.js';
import { isFeasible, type UnitRegion } from '../../src/planning/region.js';
import { constantTrainer, functionSurrogate, randomPoints, trueFunctionTrainer } from './closed-form.js';

const truth = (u: ArrayLike<number>) => Math.sin(4 * u[0]) + u[1] * u[2] + 2 * u[3] ** 2;
const points = randomPoints(60, 4, 1);
const targets = points.map(truth);

/** Wraps a trainer and remembers the training sets it was given. */
function recording(inner: SurrogateTrainer): SurrogateTrainer & { trainingSets: ArrayLike<number>[][] } {
  const trainer = {
    kind: 'recording',
    trainingSets: [] as ArrayLike<number>[][],
    fit(fitPoints: readonly ArrayLike<number>[], fitTargets: ArrayLike<number>, random: ReturnType<typeof createRandom>) {
      trainer.trainingSets.push([...fitPoints]);
      return inner.fit(fitPoints, fitTargets, random);
    },
  };
  return trainer;
}

describe('parityData', () => {
  it('splits 80/20, returns every experiment once and R^2 = 1 for the true function', async () => {
    const result = await parityData(trueFunctionTrainer(truth, 4), points, targets, createRandom(3));
    expect(result.train).toHaveLength(48);
    expect(result.test).toHaveLength(12);
    const indices = [...result.train, ...result.test].map((p) => p.index).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 60 }, (_, i) => i));
    for (const pair of [...result.train, ...result.test]) {
      expect(pair.measured).toBe(targets[pair.index]);
      expect(pair.predictedMean).toBe(truth(points[pair.index]));
    }
    expect(result.trainR2).toBeCloseTo(1, 12);
    expect(result.testR2).toBeCloseTo(1, 12);
  });

  it('gives R^2 = 0 on the training part and <= 0 on the test part for a mean predictor', async () => {
    const result = await parityData(constantTrainer(), points, targets, createRandom(4), { testFraction: 0.25 });
    expect(result.test).toHaveLength(15);
    expect(result.trainR2).toBeCloseTo(0, 12);
    expect(result.testR2).toBeLessThanOrEqual(0);
    expect(result.test.every((p) => p.predictedStd === 1)).toBe(true);
  });

  it('trains only on the training part and repeats with the same seed', async () => {
    const trainer = recording(trueFunctionTrainer(truth, 4));
    const result = await parityData(trainer, points, targets, createRandom(5));
    const trained = new Set(trainer.trainingSets[0]);
    expect(result.test.every((p) => !trained.has(points[p.index]))).toBe(true);
    expect(result.train.every((p) => trained.has(points[p.index]))).toBe(true);
    const again = await parityData(trainer, points, targets, createRandom(5));
    expect(again.test.map((p) => p.index)).toEqual(result.test.map((p) => p.index));
    const other = await parityData(trainer, points, targets, createRandom(6));
    expect(other.test.map((p) => p.index)).not.toEqual(result.test.map((p) => p.index));
  });
});

describe('crossValidatedR2', () => {
  it('is 1 for the true function, with every experiment predicted out of fold', async () => {
    const trainer = recording(trueFunctionTrainer(truth, 4));
    const result = await crossValidatedR2(trainer, points, targets, createRandom(7), { folds: 5 });
    expect(result.folds).toHaveLength(5);
    expect(result.folds.map((f) => f.testIndices.length)).toEqual([12, 12, 12, 12, 12]);
    expect(result.pooledR2).toBeCloseTo(1, 12);
    expect(result.meanFoldR2).toBeCloseTo(1, 12);
    expect(result.outOfFold.map((p) => p.index)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    result.folds.forEach((fold, k) => {
      const trained = new Set(trainer.trainingSets[k]);
      expect(trainer.trainingSets[k]).toHaveLength(48);
      expect(fold.testIndices.some((i) => trained.has(points[i]))).toBe(false);
    });
  });

  it('gives pooled R^2 = 1 - (n/(n-1))^2 for a mean predictor under leave-one-out', async () => {
    const n = 20;
    const result = await crossValidatedR2(constantTrainer(), points.slice(0, n), targets.slice(0, n), createRandom(8), { folds: n });
    expect(result.pooledR2).toBeCloseTo(1 - (n / (n - 1)) ** 2, 12);
    // One measurement per fold: no spread to compare against.
    expect(result.folds.every((f) => Number.isNaN(f.r2))).toBe(true);
    expect(result.meanFoldR2).toBeNaN();
  });

  it('is near zero or negative for a mean predictor with 5 folds', async () => {
    const result = await crossValidatedR2(constantTrainer(), points, targets, createRandom(9));
    expect(result.pooledR2).toBeLessThan(0);
    expect(result.folds.every((f) => f.r2 <= 0)).toBe(true);
  });

  it('rejects too few experiments for the folds', async () => {
    await expect(crossValidatedR2(constantTrainer(), points.slice(0, 3), targets.slice(0, 3), createRandom(1), { folds: 5 })).rejects.toThrow(/at least 5/);
  });
});

describe('uncertaintyVersusDataSize', () => {
  // A twin whose std shrinks as 1/sqrt(n) and varies over the space.
  const shrinkingTrainer = (predicted: ArrayLike<number>[][] = []): SurrogateTrainer => ({
    kind: 'shrinking',
    async fit(fitPoints): Promise<Surrogate> {
      const n = fitPoints.length;
      const inner = functionSurrogate(() => 0, 4, (u) => (1 + u[0]) / Math.sqrt(n));
      return { ...inner, predict: (query) => { predicted.push([...query]); return inner.predict(query); } };
    },
  });

  it('uses the first n experiments and one shared Monte Carlo set, so the std falls as 1/sqrt(n)', async () => {
    const trainer = recording(shrinkingTrainer());
    const result = await uncertaintyVersusDataSize(trainer, points, targets, createRandom(10));
    expect(result.bySize.map((r) => r.size)).toEqual([10, 20, 30, 40, 50, 60]);
    trainer.trainingSets.forEach((set, k) => expect(set).toEqual(points.slice(0, result.bySize[k].size)));
    const scaledMean = result.bySize.map((r) => r.meanStd * Math.sqrt(r.size));
    const scaledSpread = result.bySize.map((r) => r.stdOfStd * Math.sqrt(r.size));
    for (const value of scaledMean) expect(value).toBeCloseTo(scaledMean[0], 12);
    for (const value of scaledSpread) expect(value).toBeCloseTo(scaledSpread[0], 12);
    // (1 + u) for u uniform on [0, 1]: mean 1.5, std 1/sqrt(12), up to Monte Carlo error of 1000 points.
    expect(Math.abs(scaledMean[0] - 1.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / 1000));
    expect(Math.abs(scaledSpread[0] - Math.sqrt(1 / 12))).toBeLessThan(0.03);
    for (let k = 1; k < result.bySize.length; k++) expect(result.bySize[k].meanStd).toBeLessThan(result.bySize[k - 1].meanStd);
  });

  it('draws the Monte Carlo points from the feasible region', async () => {
    const region: UnitRegion = { dimension: 4, constraints: [{ name: 'sum', weights: Float64Array.of(1, 1, 0, 0), bound: 0.6 }] };
    const predicted: ArrayLike<number>[][] = [];
    const result = await uncertaintyVersusDataSize(shrinkingTrainer(predicted), points, targets, createRandom(11), { sizes: [15, 45], monteCarloPoints: 300, region });
    expect(result.monteCarloPoints).toBe(300);
    expect(predicted).toHaveLength(2);
    for (const set of predicted) {
      expect(set).toHaveLength(300);
      expect(set.every((p) => isFeasible(region, p))).toBe(true);
    }
    // Under x1 + x2 <= 0.6 the mean of 1 + x1 is 1.2, not 1.5.
    expect(result.bySize[0].meanStd * Math.sqrt(15)).toBeCloseTo(1.2, 1);
  });

  it('default sizes step by 10 and end at N; bad sizes are rejected', async () => {
    expect(defaultSizes(55)).toEqual([10, 20, 30, 40, 50, 55]);
    expect(defaultSizes(7)).toEqual([7]);
    await expect(uncertaintyVersusDataSize(shrinkingTrainer(), points, targets, createRandom(1), { sizes: [61] })).rejects.toThrow(/\[1, 60\]/);
  });
});
