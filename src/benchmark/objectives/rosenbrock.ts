// Rosenbrock in d >= 2 dimensions on [-5, 10]^d, minimised (minimum 0 at x = (1, ..., 1)).
import { boxParameters, coordinates, functionObjective } from './function-objective.js';
import type { BenchmarkObjective } from './types.js';

export const ROSENBROCK_BOUNDS = { lower: -5, upper: 10 } as const;

/** sum_{i<d} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2. */
export function rosenbrock(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) sum += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return sum;
}

export function rosenbrockObjective(dimension: number): BenchmarkObjective {
  if (dimension < 2) throw new Error(`rosenbrock needs at least 2 dimensions, got ${dimension}`);
  return functionObjective({
    name: `rosenbrock-${dimension}`,
    description: `Rosenbrock on [${ROSENBROCK_BOUNDS.lower}, ${ROSENBROCK_BOUNDS.upper}]^${dimension}, minimised`,
    space: { parameters: boxParameters(dimension, ROSENBROCK_BOUNDS.lower, ROSENBROCK_BOUNDS.upper), constraints: [] },
    direction: 'minimize',
    optimum: { value: 0, point: Object.fromEntries(Array.from({ length: dimension }, (_, i) => [`x${i + 1}`, 1])) },
    evaluate: (point) => rosenbrock(coordinates(point, dimension)),
  });
}
