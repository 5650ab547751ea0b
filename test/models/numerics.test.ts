import { describe, expect, it } from 'vitest';
import { minimizeBounded } from '../../src/models/bounded-minimizer.js';
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace } from '../../src/models/linear-algebra.js';

describe('Cholesky helpers', () => {
  const matrix = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);

  it('factorises a known matrix (L L^T reproduces it)', () => {
    const l = matrix.slice();
    expect(choleskyInPlace(l, 3)).toBe(true);
    expect(l[0]).toBeCloseTo(2, 15);
    expect(l[3]).toBeCloseTo(1, 15);
    expect(l[4]).toBeCloseTo(2, 15);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k <= Math.min(i, j); k++) sum += l[i * 3 + k] * l[j * 3 + k];
        expect(sum).toBeCloseTo(matrix[i * 3 + j], 12);
      }
    }
  });

  it('solves and inverts', () => {
    const l = matrix.slice();
    choleskyInPlace(l, 3);
    const b = Float64Array.from([1, -2, 0.5]);
    const x = b.slice();
    choleskySolveInPlace(l, 3, x);
    for (let i = 0; i < 3; i++) expect(matrix[i * 3] * x[0] + matrix[i * 3 + 1] * x[1] + matrix[i * 3 + 2] * x[2]).toBeCloseTo(b[i], 12);
    const inverse = choleskyInverse(l, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += matrix[i * 3 + k] * inverse[k * 3 + j];
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
  });
});

describe('bounded minimiser', () => {
  // f(x) = (x0 - 3)^2 + 10 (x1 + 1)^2 + x0 x1, minimum at x0 = 140/39, x1 = -46/39 without bounds.
  const quadratic = (x: Float64Array) => ({
    value: (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2 + x[0] * x[1],
    gradient: Float64Array.from([2 * (x[0] - 3) + x[1], 20 * (x[1] + 1) + x[0]]),
  });

  it('finds an interior minimum', () => {
    const result = minimizeBounded(quadratic, [0, 0], [-10, -10], [10, 10]);
    expect(result.x[0]).toBeCloseTo(140 / 39, 6);
    expect(result.x[1]).toBeCloseTo(-46 / 39, 6);
  });

  it('stops on an active bound with the free coordinate optimal', () => {
    // With x1 >= -0.5 the bound is active and x0 minimises (x0 - 3)^2 + x0 x1 at x1 = -0.5: x0 = 3.25.
    const result = minimizeBounded(quadratic, [0, 0], [-10, -0.5], [10, 10]);
    expect(result.x[1]).toBe(-0.5);
    expect(result.x[0]).toBeCloseTo(3.25, 6);
  });

  it('minimises the Rosenbrock function', () => {
    const rosenbrock = (x: Float64Array) => ({
      value: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
      gradient: Float64Array.from([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)]),
    });
    const result = minimizeBounded(rosenbrock, [-1.2, 1], [-2, -2], [2, 2], { maxIterations: 500 });
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });
});
