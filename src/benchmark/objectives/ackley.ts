// Ackley in d dimensions, minimised (minimum 0 at the origin). The box is [-5, 10]^d, as in
// the TuRBO benchmarks, so the minimum is not at the centre of the search space.
import { boxParameters, coordinates, functionObjective } from './function-objective.js';
import type { BenchmarkObjective } from './types.js';

export const ACKLEY_BOUNDS = { lower: -5, upper: 10 } as const;

/** -20 exp(-0.2 sqrt(mean x^2)) - exp(mean cos(2 pi x)) + 20 + e. */
export function ackley(x: ArrayLike<number>): number {
  const d = x.length;
  let squares = 0;
  let cosines = 0;
  for (let i = 0; i < d; i++) {
    squares += x[i] ** 2;
    cosines += Math.cos(2 * Math.PI * x[i]);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
}

export function ackleyObjective(dimension: number): BenchmarkObjective {
  return functionObjective({
    name: `ackley-${dimension}`,
    description: `Ackley on [${ACKLEY_BOUNDS.lower}, ${ACKLEY_BOUNDS.upper}]^${dimension}, minimised`,
    space: { parameters: boxParameters(dimension, ACKLEY_BOUNDS.lower, ACKLEY_BOUNDS.upper), constraints: [] },
    direction: 'minimize',
    optimum: { value: 0, point: Object.fromEntries(Array.from({ length: dimension }, (_, i) => [`x${i + 1}`, 0])) },
    evaluate: (point) => ackley(coordinates(point, dimension)),
  });
}
