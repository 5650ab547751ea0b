// The exact GP log marginal likelihood and its gradient, with every n x n buffer allocated
// once per problem (a fit evaluates it hundreds of times). ARD Matern 5/2, constant mean
// (profiled out unless fixed), Gaussian noise; theta = [log l_1..l_d, log s2, log noise].
//
//   K = k(X, X) + noise I,  a = K^-1 (y - c)
//   -log p(y) = 1/2 (y - c)'a + sum log diag(chol K) + n/2 log 2 pi
//   d(-log p)/d theta = 1/2 sum_ij W_ij dK_ij/d theta,  W = K^-1 - a a'
//   dK_ij/d log l_k = (5/3) s2 (1 + sqrt5 r) exp(-sqrt5 r) (x_ik - x_jk)^2 / l_k^2
//
// Cost per evaluation: n^3/2 multiply-adds (factor, then the inverse), n^2/2 kernel values
// twice (K, then the gradient pass recomputes them instead of storing d matrices).
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace } from './linear-algebra.js';
import type { ObjectiveValue } from './bounded-minimizer.js';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

export interface LikelihoodValue extends ObjectiveValue {
  /** The constant mean: the fixed one, or the one that maximises the likelihood for this K. */
  mean: number;
}

export class ExactLikelihood {
  readonly n: number;
  readonly d: number;
  private readonly inputs: Float64Array;
  private readonly targets: Float64Array;
  private readonly fixedMean: number | undefined;
  /** K, then its factor L, then K^-1 (lower triangle mirrored). */
  private readonly matrix: Float64Array;
  private readonly work: Float64Array;
  private readonly scaled: Float64Array;
  private readonly alpha: Float64Array;
  private readonly onesSolved: Float64Array;

  /** `inputs` row-major n x d; `targets` standardised. Neither is copied or changed. */
  constructor(inputs: Float64Array, d: number, targets: Float64Array, fixedMean?: number) {
    this.n = targets.length;
    this.d = d;
    if (inputs.length !== this.n * d) throw new Error('likelihood: inputs and targets disagree on the number of points');
    this.inputs = inputs;
    this.targets = targets;
    this.fixedMean = fixedMean;
    this.matrix = new Float64Array(this.n * this.n);
    this.work = new Float64Array(this.n * this.n);
    this.scaled = new Float64Array(this.n * d);
    this.alpha = new Float64Array(this.n);
    this.onesSolved = new Float64Array(this.n);
  }

  /** Negative log marginal likelihood and its gradient in theta; value Infinity if K is not positive definite. */
  evaluate(theta: ArrayLike<number>): LikelihoodValue {
    const { n, d, inputs, targets, matrix, scaled, alpha } = this;
    const gradient = new Float64Array(d + 2);
    const signalVariance = Math.exp(theta[d]);
    const noiseVariance = Math.exp(theta[d + 1]);
    for (let k = 0; k < d; k++) {
      const inverseLength = Math.exp(-theta[k]);
      for (let i = 0; i < n; i++) scaled[i * d + k] = inputs[i * d + k] * inverseLength;
    }

    // Lower triangle of K.
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      for (let j = 0; j < i; j++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const delta = scaled[i * d + k] - scaled[j * d + k];
          r2 += delta * delta;
        }
        const r = Math.sqrt(r2);
        matrix[rowI + j] = signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
      }
      matrix[rowI + i] = signalVariance + noiseVariance;
    }
    if (!choleskyInPlace(matrix, n)) return { value: Infinity, gradient, mean: 0 };

    let mean: number;
    if (this.fixedMean === undefined) {
      // Generalised least squares: the constant mean that maximises the likelihood for this K.
      alpha.set(targets);
      choleskySolveInPlace(matrix, n, alpha);
      const onesSolved = this.onesSolved;
      onesSolved.fill(1);
      choleskySolveInPlace(matrix, n, onesSolved);
      let numerator = 0;
      let denominator = 0;
      for (let i = 0; i < n; i++) {
        numerator += alpha[i];
        denominator += onesSolved[i];
      }
      mean = numerator / denominator;
      for (let i = 0; i < n; i++) alpha[i] -= mean * onesSolved[i];
    } else {
      mean = this.fixedMean;
      for (let i = 0; i < n; i++) alpha[i] = targets[i] - mean;
      choleskySolveInPlace(matrix, n, alpha);
    }
    let value = 0.5 * n * LOG_2PI;
    for (let i = 0; i < n; i++) value += 0.5 * (targets[i] - mean) * alpha[i] + Math.log(matrix[i * n + i]);

    // K^-1 replaces the factor; W = K^-1 - a a' is formed on the fly below.
    choleskyInverse(matrix, n, matrix, this.work);
    let noiseTerm = 0;
    let signalTerm = 0;
    for (let i = 0; i < n; i++) {
      const w = matrix[i * n + i] - alpha[i] * alpha[i];
      noiseTerm += w;
      signalTerm += w * signalVariance;
    }
    // Off-diagonal pairs, each counted once and doubled: the kernel value and its radial slope.
    for (let i = 0; i < n; i++) {
      const rowI = i * n;
      const alphaI = alpha[i];
      for (let j = 0; j < i; j++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const delta = scaled[i * d + k] - scaled[j * d + k];
          r2 += delta * delta;
        }
        const r = Math.sqrt(r2);
        const decay = Math.exp(-SQRT5 * r);
        const w = 2 * (matrix[rowI + j] - alphaI * alpha[j]);
        signalTerm += w * signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * decay;
        const slope = w * (5 / 3) * signalVariance * (1 + SQRT5 * r) * decay;
        for (let k = 0; k < d; k++) {
          const delta = scaled[i * d + k] - scaled[j * d + k];
          gradient[k] += slope * delta * delta;
        }
      }
    }
    for (let k = 0; k < d; k++) gradient[k] *= 0.5;
    gradient[d] = 0.5 * signalTerm;
    gradient[d + 1] = 0.5 * noiseVariance * noiseTerm;
    return { value, gradient, mean };
  }
}
