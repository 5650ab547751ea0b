// A 7-D constrained toy shaped like the rig's search space: seven inputs on [0, 1], linear
// constraints, inputs that interact, an optimum on a constraint face (not at a corner) and a
// lower decoy peak elsewhere. Maximised.
//
// f(x) = 10 exp(-(x - c)' Q (x - c)) + 4 exp(-|x - d|^2 / 0.03), Q = diag(D) + u u'.
// The main term's constrained maximum under the one active constraint a.x <= b has the
// closed form x* = c - lambda Q^-1 a, lambda = (a.c - b) / (a' Q^-1 a). The decoy adds less
// than 1e-10 near x* (|x* - d| = 0.87), so the optimum is f(x*) to that precision.
import { inverse, Matrix } from 'ml-matrix';
import type { LinearConstraint } from '../../domain/space.js';
import { boxParameters, coordinates, functionObjective } from './function-objective.js';

const DIMENSION = 7;
const CENTRE = [0.7, 0.65, 0.6, 0.55, 0.3, 0.45, 0.5];
const DIAGONAL = [4, 6, 3, 5, 8, 4, 6];
const COUPLING = [1.2, 0, -1.2, 0, 1.0, 0, 0.8];
const DECOY_CENTRE = [0.15, 0.2, 0.85, 0.1, 0.5, 0.4, 0.15];
const DECOY_HEIGHT = 4;
const DECOY_WIDTH_SQUARED = 0.03;
const PEAK_HEIGHT = 10;

export const CONSTRAINED_TOY_CONSTRAINTS: LinearConstraint[] = [
  { name: 'x1 + x2 + x3 + x4 <= 2', coefficients: { x1: 1, x2: 1, x3: 1, x4: 1 }, bound: 2 },
  { name: 'x5 - x6 <= 0.2', coefficients: { x5: 1, x6: -1 }, bound: 0.2 },
];

const Q = Matrix.from1DArray(DIMENSION, DIMENSION, Array.from({ length: DIMENSION * DIMENSION }, (_, k) => {
  const i = Math.floor(k / DIMENSION);
  const j = k % DIMENSION;
  return (i === j ? DIAGONAL[i] : 0) + COUPLING[i] * COUPLING[j];
}));

function quadratic(x: ArrayLike<number>): number {
  const delta = Array.from({ length: DIMENSION }, (_, i) => x[i] - CENTRE[i]);
  let sum = 0;
  for (let i = 0; i < DIMENSION; i++) for (let j = 0; j < DIMENSION; j++) sum += delta[i] * Q.get(i, j) * delta[j];
  return sum;
}

export function constrainedToy(x: ArrayLike<number>): number {
  let decoy = 0;
  for (let i = 0; i < DIMENSION; i++) decoy += (x[i] - DECOY_CENTRE[i]) ** 2;
  return PEAK_HEIGHT * Math.exp(-quadratic(x)) + DECOY_HEIGHT * Math.exp(-decoy / DECOY_WIDTH_SQUARED);
}

/** x* = c - lambda Q^-1 a for the active constraint x1 + x2 + x3 + x4 <= 2. */
function constrainedMaximizer(): number[] {
  const active = CONSTRAINED_TOY_CONSTRAINTS[0];
  const a = Array.from({ length: DIMENSION }, (_, i) => active.coefficients[`x${i + 1}`] ?? 0);
  const qInverseA = inverse(Q).mmul(Matrix.columnVector(a)).to1DArray();
  const aQa = a.reduce((s, v, i) => s + v * qInverseA[i], 0);
  const lambda = (a.reduce((s, v, i) => s + v * CENTRE[i], 0) - active.bound) / aQa;
  return CENTRE.map((c, i) => c - lambda * qInverseA[i]);
}

export const CONSTRAINED_TOY_ARGMAX = constrainedMaximizer();
export const CONSTRAINED_TOY_OPTIMUM_VALUE = constrainedToy(CONSTRAINED_TOY_ARGMAX);

export const constrainedToyObjective = functionObjective({
  name: 'toy7-constrained',
  description: '7-D toy with two linear constraints, interacting inputs and a decoy peak, maximised',
  space: { parameters: boxParameters(DIMENSION, 0, 1), constraints: CONSTRAINED_TOY_CONSTRAINTS },
  direction: 'maximize',
  optimum: {
    value: CONSTRAINED_TOY_OPTIMUM_VALUE,
    point: Object.fromEntries(CONSTRAINED_TOY_ARGMAX.map((v, i) => [`x${i + 1}`, v])),
  },
  evaluate: (point) => constrainedToy(coordinates(point, DIMENSION)),
});
