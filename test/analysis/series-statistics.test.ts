import { describe, expect, it } from 'vitest';
import { fitLine, relativeStdPercent, studentT975 } from '../../src/analysis/series-statistics.js';

describe('series statistics', () => {
  it('relative SD in percent, sample (n - 1) convention, against |mean|', () => {
    expect(relativeStdPercent([1, 2, 3, 4, 5])).toBeCloseTo((Math.sqrt(2.5) / 3) * 100, 12);
    expect(relativeStdPercent([-1, -2, -3])).toBeCloseTo(50, 12);
    expect(relativeStdPercent([5, 5, 5])).toBe(0);
    expect(relativeStdPercent([5])).toBeNaN();
    // A failed reading (NaN) is skipped, not allowed to poison the whole study.
    expect(relativeStdPercent([1, 2, Number.NaN, 3, 4, 5])).toBeCloseTo((Math.sqrt(2.5) / 3) * 100, 12);
    expect(relativeStdPercent([Number.NaN, 4])).toBeNaN();
    expect(relativeStdPercent(new Float64Array([10, 12]))).toBeCloseTo((Math.SQRT2 / 11) * 100, 12);
  });

  it('line fit: exact line has zero slope error; noise gives the textbook standard error', () => {
    const timesS = [0, 1, 2, 3, 4];
    const exact = fitLine(timesS, timesS.map((t) => 2 + 3 * t));
    expect(exact.slopePerS).toBeCloseTo(3, 12);
    expect(exact.slopeSePerS).toBeCloseTo(0, 6);
    expect(exact.meanValue).toBeCloseTo(8, 12);
    // Residuals +1, -1, 0, -1, +1 around y = t: slope 0 change, SSR 4, Sxx 10, SE = sqrt(4 / 3 / 10).
    const noisy = fitLine(timesS, [1, 0, 2, 2, 5]);
    expect(noisy.slopePerS).toBeCloseTo(1, 12);
    expect(noisy.slopeSePerS).toBeCloseTo(Math.sqrt(4 / 3 / 10), 12);
    // Large epoch timestamps do not lose the slope.
    const epoch = fitLine(timesS.map((t) => 1.7e9 + t), [1, 0, 2, 2, 5]);
    expect(epoch.slopePerS).toBeCloseTo(1, 9);
  });

  it('Student t 0.975 quantile matches the table', () => {
    const table: [number, number][] = [
      [3, 3.182446],
      [5, 2.570582],
      [10, 2.228139],
      [30, 2.042272],
      [120, 1.97993],
    ];
    for (const [dof, value] of table) expect(Math.abs(studentT975(dof) - value)).toBeLessThan(0.005);
    expect(() => studentT975(0)).toThrow();
  });
});
