import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { kFoldSplits, meanAbsoluteError, rootMeanSquaredError, rSquared, trainTestSplit } from '../../src/models/metrics.js';

describe('accuracy metrics', () => {
  const actual = [1, 2, 3, 4];
  const predicted = [1.5, 2, 2, 4];

  it('computes R^2, RMSE and MAE in closed form', () => {
    // SS_res = 0.25 + 0 + 1 + 0 = 1.25; SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5.
    expect(rSquared(actual, predicted)).toBeCloseTo(1 - 1.25 / 5, 15);
    expect(rootMeanSquaredError(actual, predicted)).toBeCloseTo(Math.sqrt(1.25 / 4), 15);
    expect(meanAbsoluteError(actual, predicted)).toBeCloseTo(1.5 / 4, 15);
  });

  it('R^2 is 1 for a perfect fit, 0 for predicting the mean, negative for worse', () => {
    expect(rSquared(actual, actual)).toBe(1);
    expect(rSquared(actual, [2.5, 2.5, 2.5, 2.5])).toBe(0);
    expect(rSquared(actual, [4, 3, 2, 1])).toBeLessThan(0);
    expect(rSquared([2, 2], [1, 3])).toBeNaN();
  });

  it('rejects mismatched lengths', () => {
    expect(() => rSquared([1, 2], [1])).toThrow(/2 actual values but 1 predictions/);
  });
});

describe('splits', () => {
  it('80/20 split is a disjoint cover of the indices with the right sizes', () => {
    const split = trainTestSplit(60, 0.2, createRandom(1));
    expect(split.test).toHaveLength(12);
    expect(split.train).toHaveLength(48);
    expect([...split.train, ...split.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(trainTestSplit(60, 0.2, createRandom(1))).toEqual(split);
    expect(trainTestSplit(60, 0.2, createRandom(2))).not.toEqual(split);
  });

  it('keeps at least one point on each side', () => {
    expect(trainTestSplit(2, 0.01, createRandom(1)).test).toHaveLength(1);
    expect(trainTestSplit(3, 0.99, createRandom(1)).train).toHaveLength(1);
  });

  it('k folds: every index is tested exactly once and fold sizes differ by at most one', () => {
    const folds = kFoldSplits(23, 5, createRandom(3));
    expect(folds).toHaveLength(5);
    const tested = folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(tested).toEqual(Array.from({ length: 23 }, (_, i) => i));
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const fold of folds) {
      expect(fold.train.length + fold.test.length).toBe(23);
      expect(fold.train.some((i) => fold.test.includes(i))).toBe(false);
    }
  });
});
