// A Bayesian last layer per ENN member (DNGO: Snoek et al. 2015, "Scalable Bayesian optimization
// using deep neural networks"), as pure functions.
//
// The member's last hidden features phi(x), with a constant 1 appended, get a Bayesian linear
// regression on the member's training targets: weights ~ N(0, I / alpha), noise precision beta,
// both set by maximising the evidence (MacKay's fixed point). Its posterior covariance S gives
// the variance phi(x)' S phi(x) of the member's last layer, which is small where the features
// resemble the training features and grows along feature directions the data never spanned.
// The member's mean stays its trained net's output.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface LastLayerPosterior {
  /** Feature count p = H + 1 (the constant last). */
  readonly size: number;
  /** Posterior covariance of the last-layer weights, p x p row-major, standardised target units. */
  readonly covariance: Float64Array;
  /** Evidence-fitted prior precision of the weights and noise precision (absent when loaded from JSON). */
  readonly alpha?: number;
  readonly beta?: number;
}

/** Evidence fixed-point bounds: precisions stay in a range where S is well conditioned. */
const MIN_PRECISION = 1e-6;
const MAX_PRECISION = 1e6;
const EVIDENCE_ITERATIONS = 100;

/**
 * Fits the last-layer posterior to `targets` from `features` (count x width, row-major, without
 * the constant), by MacKay's evidence updates alpha = gamma / |m|^2, beta = (n - gamma) / |r|^2.
 */
export function fitLastLayer(features: Float64Array, count: number, width: number, targets: ArrayLike<number>): LastLayerPosterior {
  const p = width + 1;
  const gram = new Float64Array(p * p);
  const projected = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < count; i++) {
    row.set(features.subarray(i * width, (i + 1) * width));
    row[width] = 1;
    for (let a = 0; a < p; a++) {
      projected[a] += row[a] * targets[i];
      for (let b = 0; b <= a; b++) gram[a * p + b] += row[a] * row[b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) gram[b * p + a] = gram[a * p + b];
  const decomposition = new EigenvalueDecomposition(new Matrix(toRows(gram, p)), { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues.map((value) => Math.max(value, 0));
  const vectors = decomposition.eigenvectorMatrix;
  // Targets and features in the eigenbasis: m = Q diag(beta / (alpha + beta lambda)) Q' Phi' y.
  const rotated = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let sum = 0;
    for (let a = 0; a < p; a++) sum += vectors.get(a, k) * projected[a];
    rotated[k] = sum;
  }
  let sumSquaredTargets = 0;
  for (let i = 0; i < count; i++) sumSquaredTargets += targets[i] ** 2;
  let alpha = 1;
  let beta = 1;
  for (let iteration = 0; iteration < EVIDENCE_ITERATIONS; iteration++) {
    let gamma = 0;
    let weightNormSquared = 0;
    // |y - Phi m|^2 = y'y - 2 m'Phi'y + m'Phi'Phi m, all diagonal in the eigenbasis.
    let residualSquared = sumSquaredTargets;
    for (let k = 0; k < p; k++) {
      const lambda = eigenvalues[k];
      const weight = (beta * rotated[k]) / (alpha + beta * lambda);
      gamma += (beta * lambda) / (alpha + beta * lambda);
      weightNormSquared += weight * weight;
      residualSquared += -2 * weight * rotated[k] + weight * weight * lambda;
    }
    const nextAlpha = clampPrecision(gamma / Math.max(weightNormSquared, 1e-300));
    const nextBeta = clampPrecision(Math.max(count - gamma, 1e-12) / Math.max(residualSquared, 1e-300));
    const settled = Math.abs(Math.log(nextAlpha / alpha)) < 1e-6 && Math.abs(Math.log(nextBeta / beta)) < 1e-6;
    alpha = nextAlpha;
    beta = nextBeta;
    if (settled) break;
  }
  const covariance = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const factor = 1 / (alpha + beta * eigenvalues[k]);
    for (let a = 0; a < p; a++) {
      const qa = vectors.get(a, k) * factor;
      for (let b = 0; b < p; b++) covariance[a * p + b] += qa * vectors.get(b, k);
    }
  }
  return { size: p, covariance, alpha, beta };
}

/** phi' S phi at each row of features (count x (size - 1), without the constant). */
export function lastLayerVariance(posterior: LastLayerPosterior, features: ArrayLike<number>, count: number): Float64Array {
  const width = posterior.size - 1;
  const values = new Float64Array(count);
  const vector = new Float64Array(width);
  for (let i = 0; i < count; i++) values[i] = lastLayerRowVariance(posterior, features, i * width, vector);
  return values;
}

/** phi' S phi for the features at `offset`; 2 S phi (feature entries only) into slopeOut. */
export function lastLayerRowVariance(posterior: LastLayerPosterior, features: ArrayLike<number>, offset: number, slopeOut: Float64Array): number {
  const p = posterior.size;
  const width = p - 1;
  const s = posterior.covariance;
  let variance = 0;
  for (let a = 0; a < p; a++) {
    let product = 0;
    for (let b = 0; b < width; b++) product += s[a * p + b] * features[offset + b];
    product += s[a * p + width];
    const phiA = a === width ? 1 : features[offset + a];
    variance += phiA * product;
    if (a < width) slopeOut[a] = 2 * product;
  }
  return Math.max(variance, 0);
}

function clampPrecision(value: number): number {
  return Number.isFinite(value) ? Math.min(MAX_PRECISION, Math.max(MIN_PRECISION, value)) : MAX_PRECISION;
}

function toRows(values: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, a) => Array.from(values.subarray(a * n, (a + 1) * n)));
}
