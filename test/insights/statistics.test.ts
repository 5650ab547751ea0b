import { describe, expect, it } from 'vitest';
import { pearsonCorrelation, quantile, sampleStandardDeviation } from '../../src/insights/statistics.js';

describe('statistics', () => {
  it('quantiles interpolate linearly between order statistics', () => {
    expect(quantile([10, 0, 30, 20], 0.5)).toBe(15);
    expect(quantile([10, 0, 30, 20], 0.25)).toBeCloseTo(7.5, 15);
    expect(quantile([10, 0, 30, 20], 1)).toBe(30);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('correlation is +-1 for exact linear relations and NaN for a constant', () => {
    expect(pearsonCorrelation([1, 2, 3], [5, 7, 9])).toBeCloseTo(1, 15);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    expect(pearsonCorrelation([1, 2, 3], [0, 0, 0])).toBeNaN();
    expect(sampleStandardDeviation([2, 4])).toBeCloseTo(Math.SQRT2, 15);
    expect(sampleStandardDeviation([2])).toBeNaN();
  });
});
