// Hartmann-6 on [0, 1]^6. The harness maximises -H6 (positive, optimum 3.32237), the usual
// BO benchmark orientation (Surjanovic & Bingham's test-function library).
import { boxParameters, coordinates, functionObjective } from './function-objective.js';

const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

export const HARTMANN6_OPTIMUM_VALUE = 3.32237;
export const HARTMANN6_ARGMAX = [0.20169, 0.15001, 0.476874, 0.275332, 0.311652, 0.6573];

/** H6(x) = -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)^2); its minimum is -3.32237. */
export function hartmann6(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += A[i][j] * (x[j] - P[i][j]) ** 2;
    sum += ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}

export const hartmann6Objective = functionObjective({
  name: 'hartmann6',
  description: '-Hartmann-6 on [0, 1]^6, maximised',
  space: { parameters: boxParameters(6, 0, 1), constraints: [] },
  direction: 'maximize',
  optimum: {
    value: HARTMANN6_OPTIMUM_VALUE,
    point: Object.fromEntries(HARTMANN6_ARGMAX.map((v, i) => [`x${i + 1}`, v])),
  },
  evaluate: (point) => -hartmann6(coordinates(point, 6)),
});
