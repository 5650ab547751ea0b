// Michalewicz (steepness m = 10) on [0, pi]^d, minimised. The function is a sum of one-term
// functions of each coordinate, so its global minimum is the sum of the coordinates' 1-D
// minima, found here by a dense grid and a golden-section refinement (d = 2: -1.8013,
// d = 5: -4.687658, d = 10: -9.66015, as tabulated by Surjanovic & Bingham).
import { boxParameters, coordinates, functionObjective } from './function-objective.js';
import type { BenchmarkObjective, ObjectiveOptimum } from './types.js';

const STEEPNESS = 10;

function term(x: number, index: number): number {
  return -Math.sin(x) * Math.sin(((index + 1) * x * x) / Math.PI) ** (2 * STEEPNESS);
}

/** -sum_i sin(x_i) sin(i x_i^2 / pi)^(2m), i from 1. */
export function michalewicz(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += term(x[i], i);
  return sum;
}

/** Minimiser of coordinate `index`'s term on [0, pi]: best of a 20 000-point grid, then golden section in its cell. */
export function michalewiczCoordinateMinimizer(index: number): number {
  const steps = 20_000;
  let best = 0;
  let bestValue = Infinity;
  for (let k = 0; k <= steps; k++) {
    const x = (Math.PI * k) / steps;
    const v = term(x, index);
    if (v < bestValue) {
      bestValue = v;
      best = x;
    }
  }
  let lo = Math.max(0, best - Math.PI / steps);
  let hi = Math.min(Math.PI, best + Math.PI / steps);
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 100; k++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (term(a, index) < term(b, index)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

export function michalewiczOptimum(dimension: number): ObjectiveOptimum {
  const point = Array.from({ length: dimension }, (_, i) => michalewiczCoordinateMinimizer(i));
  return { value: michalewicz(point), point: Object.fromEntries(point.map((v, i) => [`x${i + 1}`, v])) };
}

export function michalewiczObjective(dimension: number): BenchmarkObjective {
  let optimum: ObjectiveOptimum | undefined;
  const objective = functionObjective({
    name: `michalewicz-${dimension}`,
    description: `Michalewicz (m = 10) on [0, pi]^${dimension}, minimised`,
    space: { parameters: boxParameters(dimension, 0, Math.PI), constraints: [] },
    direction: 'minimize',
    evaluate: (point) => michalewicz(coordinates(point, dimension)),
  });
  return { ...objective, optimum: async () => (optimum ??= michalewiczOptimum(dimension)) };
}
