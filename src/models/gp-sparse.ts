// The sparse GP used above `maxExactPoints`: m inducing points among the training inputs and
// the variational (Titsias 2009) posterior with them, whose predictive equations are those of DTC:
//
//   V = K_fu Lu^-T (n x m, the columns of a pivoted Cholesky of K_ff), Lu = chol(K_uu) = V[pivots]
//   B = I + V'V / noise,  LB = chol(B),  c = LB^-1 V'(y - mean) / noise
//   mean(x) = mean + k_u(x)' w,  w = Lu^-T LB^-T c
//   var(x)  = s2 - |Lu^-1 k_u(x)|^2 + |LB^-1 Lu^-1 k_u(x)|^2
//
// The inducing points are taken from the training points in a seeded random order, skipping
// any that those already taken explain to within `tolerance` x s2. A random subset follows the
// density of the data, which in Bayesian optimisation is highest around the best points; on 1500
// points in 7-D (half of them around the optimum) it predicted 3-10x better than the greedy
// largest-residual choice (Burt et al. 2020), which spent the budget on isolated points.
// The noise variance is the hyperparameter fit's. Re-fitting it by maximising the Titsias bound
// (which charges what the inducing points miss to the noise) was tried: it smoothed the mean
// near the optimum and widened the stds beyond nominal coverage, and BO from 1500 points did
// no better, so it was left out.
// Everything here is a pure function of its inputs; loading a saved sparse model replays the
// factorisation with the saved inducing points and gets the same numbers bit for bit.
import { choleskyInPlace } from './linear-algebra.js';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

export interface KernelParameters {
  readonly lengthscales: readonly number[];
  readonly signalVariance: number;
}

export interface PivotedCholesky {
  /** Indices of the inducing points among the training inputs, in the order they were taken. */
  readonly pivots: Int32Array;
  /** V, row-major n x m: row i is point i's coordinates in the inducing basis. */
  readonly factor: Float64Array;
  /** diag(K_ff - V V') after the last step, per training point. */
  readonly residuals: Float64Array;
}

/** How to pick inducing points: replay saved ones, or take candidates in order. */
export type InducingChoice =
  | { readonly pivots: ArrayLike<number> }
  | { readonly order: ArrayLike<number>; readonly maxCount: number; readonly tolerance: number };

function scaledInputs(inputs: Float64Array, n: number, d: number, lengthscales: readonly number[]): Float64Array {
  const scaled = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) scaled[i * d + k] = inputs[i * d + k] / lengthscales[k];
  return scaled;
}

/**
 * Pivoted Cholesky of the noise-free kernel matrix. With `pivots` it replays that order; with
 * `order` it takes candidates in that order, skipping those whose residual variance is at most
 * `tolerance` x s2, until it has `maxCount`.
 */
export function pivotedCholesky(inputs: Float64Array, n: number, d: number, kernel: KernelParameters, choice: InducingChoice): PivotedCholesky {
  const replay = 'pivots' in choice;
  const candidates = replay ? choice.pivots : choice.order;
  const maxCount = replay ? choice.pivots.length : Math.min(n, choice.maxCount);
  const threshold = replay ? 0 : choice.tolerance * kernel.signalVariance;
  const scaled = scaledInputs(inputs, n, d, kernel.lengthscales);
  const s2 = kernel.signalVariance;
  const factor = new Float64Array(n * maxCount);
  const residuals = new Float64Array(n).fill(s2);
  const chosen = new Uint8Array(n);
  const pivots: number[] = [];
  // Points not yet taken; each step updates their rows, four at a time (they share the pivot's row).
  const active = Int32Array.from({ length: n }, (_, i) => i);
  let activeCount = n;
  const kernelColumn = new Float64Array(n);
  let cursor = 0;
  while (pivots.length < maxCount && cursor < candidates.length) {
    const pivot = candidates[cursor++];
    if (!Number.isInteger(pivot) || pivot < 0 || pivot >= n || chosen[pivot]) throw new Error(`inducing point index ${pivot} is out of range or repeated`);
    const pivotResidual = residuals[pivot];
    if (!replay && !(pivotResidual > threshold)) continue;
    if (!(pivotResidual > 0)) throw new Error('inducing points are not linearly independent under the kernel');
    const t = pivots.length;
    const rowP = pivot * maxCount;
    const pivotValue = Math.sqrt(pivotResidual);
    chosen[pivot] = 1;
    pivots.push(pivot);
    factor[rowP + t] = pivotValue;
    residuals[pivot] = 0;
    for (let a = 0; a < activeCount; a++) {
      if (active[a] === pivot) {
        active[a] = active[--activeCount];
        break;
      }
    }
    for (let a = 0; a < activeCount; a++) {
      const i = active[a];
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        const delta = scaled[i * d + k] - scaled[pivot * d + k];
        r2 += delta * delta;
      }
      const r = Math.sqrt(r2);
      kernelColumn[i] = s2 * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
    }
    // Entry t of row i: (k(x_i, x_p) - sum_{s<t} V_is V_ps) / V_pt, one accumulator per row, in index order.
    let a = 0;
    for (; a + 3 < activeCount; a += 4) {
      const i0 = active[a];
      const i1 = active[a + 1];
      const i2 = active[a + 2];
      const i3 = active[a + 3];
      const o0 = i0 * maxCount;
      const o1 = i1 * maxCount;
      const o2 = i2 * maxCount;
      const o3 = i3 * maxCount;
      let v0 = kernelColumn[i0];
      let v1 = kernelColumn[i1];
      let v2 = kernelColumn[i2];
      let v3 = kernelColumn[i3];
      for (let s = 0; s < t; s++) {
        const c = factor[rowP + s];
        v0 -= factor[o0 + s] * c;
        v1 -= factor[o1 + s] * c;
        v2 -= factor[o2 + s] * c;
        v3 -= factor[o3 + s] * c;
      }
      v0 /= pivotValue;
      v1 /= pivotValue;
      v2 /= pivotValue;
      v3 /= pivotValue;
      factor[o0 + t] = v0;
      factor[o1 + t] = v1;
      factor[o2 + t] = v2;
      factor[o3 + t] = v3;
      residuals[i0] -= v0 * v0;
      residuals[i1] -= v1 * v1;
      residuals[i2] -= v2 * v2;
      residuals[i3] -= v3 * v3;
    }
    for (; a < activeCount; a++) {
      const i = active[a];
      const rowI = i * maxCount;
      let value = kernelColumn[i];
      for (let s = 0; s < t; s++) value -= factor[rowI + s] * factor[rowP + s];
      value /= pivotValue;
      factor[rowI + t] = value;
      residuals[i] -= value * value;
    }
  }
  const m = pivots.length;
  let compact = factor;
  if (m < maxCount) {
    compact = new Float64Array(n * m);
    for (let i = 0; i < n; i++) compact.set(factor.subarray(i * maxCount, i * maxCount + m), i * m);
  }
  return { pivots: Int32Array.from(pivots), factor: compact, residuals };
}

export interface SparseStatistics {
  readonly n: number;
  readonly m: number;
  /** V'V, m x m (full). */
  readonly gram: Float64Array;
  /** V'(y - mean). */
  readonly projected: Float64Array;
  /** |y - mean|^2. */
  readonly squaredNorm: number;
  /** tr(K_ff - V V'). */
  readonly residualTrace: number;
}

/** The data summaries the bound and the posterior need, O(n m^2) once. */
export function sparseStatistics(cholesky: PivotedCholesky, centred: Float64Array): SparseStatistics {
  const n = centred.length;
  const m = cholesky.pivots.length;
  const v = cholesky.factor;
  // Columns of V as contiguous rows, so that V'V is a table of dot products along memory.
  const columns = new Float64Array(m * n);
  for (let i = 0; i < n; i++) for (let s = 0; s < m; s++) columns[s * n + i] = v[i * m + s];
  const gram = new Float64Array(m * m);
  const projected = new Float64Array(m);
  for (let s = 0; s < m; s++) {
    const cs = s * n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += columns[cs + i] * centred[i];
    projected[s] = sum;
    let u = 0;
    for (; u + 3 <= s; u += 4) {
      const c0 = u * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      let g3 = 0;
      for (let i = 0; i < n; i++) {
        const x = columns[cs + i];
        g0 += x * columns[c0 + i];
        g1 += x * columns[c1 + i];
        g2 += x * columns[c2 + i];
        g3 += x * columns[c3 + i];
      }
      gram[s * m + u] = g0;
      gram[s * m + u + 1] = g1;
      gram[s * m + u + 2] = g2;
      gram[s * m + u + 3] = g3;
    }
    for (; u <= s; u++) {
      const cu = u * n;
      let g = 0;
      for (let i = 0; i < n; i++) g += columns[cs + i] * columns[cu + i];
      gram[s * m + u] = g;
    }
  }
  for (let s = 0; s < m; s++) for (let u = 0; u < s; u++) gram[u * m + s] = gram[s * m + u];
  let squaredNorm = 0;
  let residualTrace = 0;
  for (let i = 0; i < n; i++) {
    squaredNorm += centred[i] * centred[i];
    residualTrace += Math.max(0, cholesky.residuals[i]);
  }
  return { n, m, gram, projected, squaredNorm, residualTrace };
}

/** LB = chol(I + V'V / noise) and c = LB^-1 V'y / noise; undefined if B is not positive definite. */
function innerFactor(stats: SparseStatistics, noiseVariance: number): { factor: Float64Array; c: Float64Array } | undefined {
  const { m, gram, projected } = stats;
  const factor = new Float64Array(m * m);
  for (let s = 0; s < m; s++) {
    for (let u = 0; u <= s; u++) factor[s * m + u] = gram[s * m + u] / noiseVariance;
    factor[s * m + s] += 1;
  }
  if (!choleskyInPlace(factor, m)) return undefined;
  const c = new Float64Array(m);
  for (let s = 0; s < m; s++) {
    let sum = projected[s] / noiseVariance;
    for (let u = 0; u < s; u++) sum -= factor[s * m + u] * c[u];
    c[s] = sum / factor[s * m + s];
  }
  return { factor, c };
}

/** The Titsias bound on the log marginal likelihood of the centred targets (-Infinity if not computable). */
export function sparseBound(stats: SparseStatistics, noiseVariance: number): number {
  const inner = innerFactor(stats, noiseVariance);
  if (inner === undefined) return -Infinity;
  const { n, m } = stats;
  let logDeterminant = n * Math.log(noiseVariance);
  for (let s = 0; s < m; s++) logDeterminant += 2 * Math.log(inner.factor[s * m + s]);
  let explained = 0;
  for (let s = 0; s < m; s++) explained += inner.c[s] * inner.c[s];
  const quadratic = stats.squaredNorm / noiseVariance - explained;
  return -0.5 * (n * LOG_2PI + logDeterminant + quadratic) - stats.residualTrace / (2 * noiseVariance);
}

export interface SparsePosterior {
  /** Lu = chol(K_uu), m x m lower. */
  readonly inducingFactor: Float64Array;
  /** LB = chol(I + V'V / noise), m x m lower. */
  readonly innerFactor: Float64Array;
  /** w: mean(x) = mean + k_u(x)' w. */
  readonly weights: Float64Array;
}

export function sparsePosterior(cholesky: PivotedCholesky, stats: SparseStatistics, noiseVariance: number): SparsePosterior {
  const { m } = stats;
  const inner = innerFactor(stats, noiseVariance);
  if (inner === undefined) throw new Error('sparse GP: I + V\'V / noise is not positive definite');
  const inducingFactor = new Float64Array(m * m);
  for (let t = 0; t < m; t++) {
    const row = cholesky.pivots[t] * m;
    for (let s = 0; s <= t; s++) inducingFactor[t * m + s] = cholesky.factor[row + s];
  }
  // w = Lu^-T LB^-T c: two back substitutions.
  const weights = inner.c.slice();
  for (const l of [inner.factor, inducingFactor]) {
    for (let i = m - 1; i >= 0; i--) {
      let sum = weights[i];
      for (let k = i + 1; k < m; k++) sum -= l[k * m + i] * weights[k];
      weights[i] = sum / l[i * m + i];
    }
  }
  return { inducingFactor, innerFactor: inner.factor, weights };
}
