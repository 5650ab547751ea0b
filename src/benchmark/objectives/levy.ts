// Levy in d dimensions on [-10, 10]^d, minimised (minimum 0 at x = (1, ..., 1)).
import { boxParameters, coordinates, functionObjective } from './function-objective.js';
import type { BenchmarkObjective } from './types.js';

/** With w = 1 + (x - 1) / 4: sin^2(pi w1) + sum (w_i - 1)^2 (1 + 10 sin^2(pi w_i + 1)) + (w_d - 1)^2 (1 + sin^2(2 pi w_d)). */
export function levy(x: ArrayLike<number>): number {
  const d = x.length;
  const w = Array.from(x, (v) => 1 + (v - 1) / 4);
  let sum = Math.sin(Math.PI * w[0]) ** 2;
  for (let i = 0; i < d - 1; i++) sum += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  sum += (w[d - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]) ** 2);
  return sum;
}

export function levyObjective(dimension: number): BenchmarkObjective {
  return functionObjective({
    name: `levy-${dimension}`,
    description: `Levy on [-10, 10]^${dimension}, minimised`,
    space: { parameters: boxParameters(dimension, -10, 10), constraints: [] },
    direction: 'minimize',
    optimum: { value: 0, point: Object.fromEntries(Array.from({ length: dimension }, (_, i) => [`x${i + 1}`, 1])) },
    evaluate: (point) => levy(coordinates(point, dimension)),
  });
}
