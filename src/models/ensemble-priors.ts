// Randomised prior functions and the distance-aware spread of the ENN, as pure functions.
//
// A randomised prior (Osband et al. 2018, "Randomized prior functions for deep RL"): member m
// predicts f_m(x) = net_m(x) + p_m(x), with p_m a fixed random function drawn once and never
// trained, and net_m fitted to y - p_m(x). Where data pin the members down they agree; away
// from the data each member falls back to its own prior, so the spread grows with distance
// from the data rather than with the net's extrapolation towards the box faces.
// p_m is a random Fourier feature draw of a GP with a squared-exponential kernel:
//   p(x) = scale sqrt(2 / F) sum_f cos(w_f . x + b_f), w_f ~ N(0, I / l^2), b_f ~ U(0, 2 pi),
// whose variance is scale^2 at every x (in standardised target units).
//
// The distance-aware spread adds, in quadrature, a term that grows with the distance r from
// x to the nearest training point:  s(x) = c (1 - exp(-r^2 / (2 L^2))), standardised units.
import type { Random } from '../domain/random.js';

export interface RffPrior {
  /** Row-major F x d frequencies. */
  readonly frequencies: Float64Array;
  readonly phases: Float64Array;
  /** Amplitude factor scale * sqrt(2 / F). */
  readonly amplitude: number;
}

export function drawRffPrior(dimension: number, features: number, lengthscale: number, scale: number, random: Random): RffPrior {
  const frequencies = new Float64Array(features * dimension);
  for (let q = 0; q < frequencies.length; q++) frequencies[q] = random.normal() / lengthscale;
  const phases = new Float64Array(features);
  for (let f = 0; f < features; f++) phases[f] = 2 * Math.PI * random.uniform();
  return { frequencies, phases, amplitude: scale * Math.sqrt(2 / features) };
}

/** p(x) for `count` rows of row-major inputs; the input gradient into gradientOut (count x d) when given. */
export function rffPriorValues(prior: RffPrior, inputs: Float64Array, count: number, dimension: number, gradientOut?: Float64Array): Float64Array {
  const values = new Float64Array(count);
  const features = prior.phases.length;
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let f = 0; f < features; f++) {
      let argument = prior.phases[f];
      for (let k = 0; k < dimension; k++) argument += prior.frequencies[f * dimension + k] * inputs[i * dimension + k];
      sum += Math.cos(argument);
      if (gradientOut !== undefined) {
        const slope = -prior.amplitude * Math.sin(argument);
        for (let k = 0; k < dimension; k++) gradientOut[i * dimension + k] += slope * prior.frequencies[f * dimension + k];
      }
    }
    values[i] = prior.amplitude * sum;
  }
  return values;
}

export interface DistanceSpread {
  /** c: the extra spread far from the data, in standardised target units. */
  readonly scale: number;
  /** L: unit-space distance at which the extra spread reaches 1 - e^-1/2 of c. */
  readonly length: number;
  /** Row-major training inputs, count x d. */
  readonly points: Float64Array;
  readonly count: number;
}

/** s(x) for each row, and ds/dx (count x d) into gradientOut when given. */
export function distanceSpreadValues(spread: DistanceSpread, inputs: Float64Array, count: number, dimension: number, gradientOut?: Float64Array): Float64Array {
  const values = new Float64Array(count);
  const twoLengthSquared = 2 * spread.length * spread.length;
  for (let i = 0; i < count; i++) {
    let nearest = 0;
    let nearestSquared = Infinity;
    for (let j = 0; j < spread.count; j++) {
      let squared = 0;
      for (let k = 0; k < dimension; k++) squared += (inputs[i * dimension + k] - spread.points[j * dimension + k]) ** 2;
      if (squared < nearestSquared) {
        nearestSquared = squared;
        nearest = j;
      }
    }
    const decay = Math.exp(-nearestSquared / twoLengthSquared);
    values[i] = spread.scale * (1 - decay);
    if (gradientOut !== undefined) {
      const factor = (spread.scale * decay * 2) / twoLengthSquared;
      for (let k = 0; k < dimension; k++) gradientOut[i * dimension + k] = factor * (inputs[i * dimension + k] - spread.points[nearest * dimension + k]);
    }
  }
  return values;
}
