// Styblinski-Tang in d dimensions on [-5, 5]^d, minimised. Separable: the minimum is d times
// the one-dimensional minimum -39.16617 at x_i = -2.903534, the root of 4x^3 - 32x + 5 = 0.
import { boxParameters, coordinates, functionObjective } from './function-objective.js';
import type { BenchmarkObjective } from './types.js';

/** sum_i (x_i^4 - 16 x_i^2 + 5 x_i) / 2. */
export function styblinskiTang(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] ** 4 - 16 * x[i] ** 2 + 5 * x[i];
  return sum / 2;
}

/** The 1-D minimiser: Newton's method on the derivative 4x^3 - 32x + 5 from -3. */
function oneDimensionalMinimizer(): number {
  let x = -3;
  for (let k = 0; k < 50; k++) x -= (4 * x ** 3 - 32 * x + 5) / (12 * x ** 2 - 32);
  return x;
}

export const STYBLINSKI_TANG_MINIMIZER = oneDimensionalMinimizer();
/** The 1-D minimum value; the d-D minimum is d times it. */
export const STYBLINSKI_TANG_MINIMUM_1D = styblinskiTang([STYBLINSKI_TANG_MINIMIZER]);

export function styblinskiTangObjective(dimension: number): BenchmarkObjective {
  return functionObjective({
    name: `styblinski-tang-${dimension}`,
    description: `Styblinski-Tang on [-5, 5]^${dimension}, minimised`,
    space: { parameters: boxParameters(dimension, -5, 5), constraints: [] },
    direction: 'minimize',
    optimum: {
      value: dimension * STYBLINSKI_TANG_MINIMUM_1D,
      point: Object.fromEntries(Array.from({ length: dimension }, (_, i) => [`x${i + 1}`, STYBLINSKI_TANG_MINIMIZER])),
    },
    evaluate: (point) => styblinskiTang(coordinates(point, dimension)),
  });
}
