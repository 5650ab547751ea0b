// Branin on x1 in [-5, 10], x2 in [0, 15], minimised: three global minima of 0.397887.
import { coordinates, functionObjective } from './function-objective.js';

export const BRANIN_MINIMUM_VALUE = 0.397887;
export const BRANIN_MINIMIZERS: readonly [number, number][] = [
  [-Math.PI, 12.275],
  [Math.PI, 2.275],
  [9.42478, 2.475],
];

/** a (x2 - b x1^2 + c x1 - r)^2 + s (1 - t) cos(x1) + s with the standard constants. */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

export const braninObjective = functionObjective({
  name: 'branin',
  description: 'Branin on [-5, 10] x [0, 15], minimised',
  space: {
    parameters: [
      { name: 'x1', lower: -5, upper: 10 },
      { name: 'x2', lower: 0, upper: 15 },
    ],
    constraints: [],
  },
  direction: 'minimize',
  optimum: { value: BRANIN_MINIMUM_VALUE, point: { x1: BRANIN_MINIMIZERS[1][0], x2: BRANIN_MINIMIZERS[1][1] } },
  evaluate: (point) => {
    const [x1, x2] = coordinates(point, 2);
    return branin(x1, x2);
  },
});
