// The GP posterior in one shape for both the exact and the sparse model, so that prediction
// is one code path:
//   mean(x) = c + k_b(x)' w
//   var(x)  = s2 - |L1^-1 k_b(x)|^2 (+ |L2^-1 L1^-1 k_b(x)|^2 for the sparse model)
// where b are the basis rows: every training input (exact: L1 = chol(K + noise I), w = K^-1 (y - c))
// or the inducing points (sparse, see gp-sparse.ts). Pure functions of their inputs; all
// buffers are typed arrays so a worker thread can hand them over without copying.
import { choleskyInPlace, choleskySolveInPlace } from './linear-algebra.js';
import { pivotedCholesky, sparseBound, sparsePosterior, sparseStatistics, type InducingChoice, type KernelParameters } from './gp-sparse.js';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

export interface GpPosterior {
  /** Basis rows, row-major size x d: the training inputs, or the inducing points. */
  readonly basis: Float64Array;
  readonly size: number;
  /** Mean weights w. */
  readonly weights: Float64Array;
  /** L1, size x size lower. */
  readonly factor: Float64Array;
  /** L2 of the sparse model, size x size lower; absent for the exact model. */
  readonly innerFactor?: Float64Array;
  /** Diagonal jitter the exact factorisation needed on top of the noise (usually 0). */
  readonly jitter: number;
}

export interface PosteriorHyperparameters extends KernelParameters {
  readonly noiseVariance: number;
}

/** Matern 5/2 kernel matrix between two row sets (or of one set with itself plus noise on the diagonal). */
function kernelValue(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number, lengthscales: readonly number[], signalVariance: number): number {
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const delta = (a[aOffset + k] - b[bOffset + k]) / lengthscales[k];
    r2 += delta * delta;
  }
  const r = Math.sqrt(r2);
  return signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

export interface ExactPosteriorResult {
  readonly posterior: GpPosterior;
  /** The constant mean used: the one given, or the generalised-least-squares one for this K. */
  readonly mean: number;
  /** Log marginal likelihood of the standardised targets under this K (with its jitter). */
  readonly logMarginalLikelihood: number;
}

/**
 * Exact posterior on all points. `mean` undefined: profiled out (generalised least squares).
 * Only if the fitted noise alone does not make K positive definite, a growing diagonal jitter is added.
 */
export function exactPosterior(inputs: Float64Array, d: number, standardised: Float64Array, hyper: PosteriorHyperparameters, mean: number | undefined): ExactPosteriorResult {
  const n = standardised.length;
  const { lengthscales, signalVariance, noiseVariance } = hyper;
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) covariance[i * n + j] = kernelValue(inputs, i * d, inputs, j * d, d, lengthscales, signalVariance);
    covariance[i * n + i] += noiseVariance;
  }
  let jitter = 0;
  const factor = covariance.slice();
  while (!choleskyInPlace(factor, n)) {
    jitter = jitter === 0 ? 1e-10 * signalVariance : jitter * 10;
    if (jitter > signalVariance) throw new Error('GP covariance matrix is not positive definite');
    factor.set(covariance);
    for (let i = 0; i < n; i++) factor[i * n + i] += jitter;
  }
  let constant = mean;
  if (constant === undefined) {
    // Generalised least squares: 1'K^-1 y / 1'K^-1 1.
    const solved = standardised.slice();
    choleskySolveInPlace(factor, n, solved);
    const onesSolved = new Float64Array(n).fill(1);
    choleskySolveInPlace(factor, n, onesSolved);
    let numerator = 0;
    let denominator = 0;
    for (let i = 0; i < n; i++) {
      numerator += solved[i];
      denominator += onesSolved[i];
    }
    constant = numerator / denominator;
  }
  // Computed the same way whether the mean was given (a loaded model) or profiled (a fit).
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = standardised[i] - constant;
  choleskySolveInPlace(factor, n, weights);
  let negative = 0.5 * n * LOG_2PI;
  for (let i = 0; i < n; i++) negative += 0.5 * (standardised[i] - constant) * weights[i] + Math.log(factor[i * n + i]);
  return { posterior: { basis: inputs, size: n, weights, factor, jitter }, mean: constant, logMarginalLikelihood: -negative };
}

export interface SparsePosteriorResult {
  readonly posterior: GpPosterior;
  /** The inducing points: indices of training points, in the order taken. */
  readonly pivots: Int32Array;
  /** The Titsias lower bound on the log marginal likelihood of the standardised targets. */
  readonly logMarginalLikelihood: number;
}

export function sparseGpPosterior(inputs: Float64Array, d: number, standardised: Float64Array, hyper: PosteriorHyperparameters, mean: number, inducing: InducingChoice): SparsePosteriorResult {
  const n = standardised.length;
  const cholesky = pivotedCholesky(inputs, n, d, hyper, inducing);
  const centred = Float64Array.from(standardised, (y) => y - mean);
  const stats = sparseStatistics(cholesky, centred);
  const sparse = sparsePosterior(cholesky, stats, hyper.noiseVariance);
  const m = cholesky.pivots.length;
  const basis = new Float64Array(m * d);
  for (let t = 0; t < m; t++) basis.set(inputs.subarray(cholesky.pivots[t] * d, cholesky.pivots[t] * d + d), t * d);
  return {
    posterior: { basis, size: m, weights: sparse.weights, factor: sparse.inducingFactor, innerFactor: sparse.innerFactor, jitter: 0 },
    pivots: cholesky.pivots,
    logMarginalLikelihood: sparseBound(stats, hyper.noiseVariance),
  };
}
