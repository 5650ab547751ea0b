// Exact interventional Shapley values by enumerating every coalition of inputs.
//   v(S)  = (1/B) sum_b f(x_S, b_-S)            (inputs in S from x, the rest from background row b)
//   phi_i = sum_{S without i} |S|! (d-|S|-1)! / d! * (v(S + i) - v(S))
// Cost: (2^d - 1) * B + 1 model rows per explained point, plus B rows once for the baseline.
// The full coalition is averaged over B copies like every other one, so an input the model
// ignores gets exactly 0 (v(S + i) and v(S) are then sums of identical numbers).
import { RowBatcher, type BatchModel } from './row-batcher.js';

/** Largest input count for which exact enumeration is allowed at all (2^16 coalitions per point). */
export const EXACT_SHAPLEY_MAX_INPUTS = 16;

export interface ShapleyValues {
  /** values[p][i]: contribution of input i to f(points[p]) - baseline. */
  values: Float64Array[];
  /** E_b f(b): the mean model output over the background set. */
  baseline: number;
  /** f(points[p]). */
  predictions: Float64Array;
  /** Model calls made. */
  modelCalls: number;
}

export interface BatchingOptions {
  /** Largest number of rows per model call (default 100 000). */
  maxRowsPerCall?: number;
}

export function exactShapley(
  model: BatchModel,
  points: readonly ArrayLike<number>[],
  background: readonly ArrayLike<number>[],
  options: BatchingOptions = {},
): ShapleyValues {
  const d = checkShapleyInputs(points, background);
  if (d > EXACT_SHAPLEY_MAX_INPUTS) throw new Error(`exact Shapley enumeration is limited to ${EXACT_SHAPLEY_MAX_INPUTS} inputs, got ${d}; use the permutation estimator`);
  const coalitions = 1 << d;
  const full = coalitions - 1;
  const backgroundSize = background.length;
  // sums[0]: baseline; sums[1 + p]: f(x_p); then per point one slot per coalition
  // (mask bit i set = input i taken from x).
  const coalitionOffset = 1 + points.length;
  const sums = new Float64Array(coalitionOffset + points.length * coalitions);
  const batcher = new RowBatcher(model, d, sums, options.maxRowsPerCall);
  for (const b of background) batcher.row(0).set(b);
  points.forEach((x, p) => batcher.row(1 + p).set(x));
  points.forEach((x, p) => {
    const offset = coalitionOffset + p * coalitions;
    for (let mask = 1; mask <= full; mask++) {
      for (const b of background) {
        const row = batcher.row(offset + mask);
        for (let i = 0; i < d; i++) row[i] = mask & (1 << i) ? x[i] : b[i];
      }
    }
  });
  batcher.flush();

  const baseline = sums[0] / backgroundSize;
  const weights = coalitionWeights(d);
  const predictions = Float64Array.from(points, (_, p) => sums[1 + p]);
  const values = points.map((_, p) => {
    const offset = coalitionOffset + p * coalitions;
    const v = new Float64Array(coalitions);
    v[0] = baseline;
    for (let mask = 1; mask <= full; mask++) v[mask] = sums[offset + mask] / backgroundSize;
    const phi = new Float64Array(d);
    for (let mask = 0; mask < full; mask++) {
      const weight = weights[popCount(mask)];
      for (let i = 0; i < d; i++) {
        const bit = 1 << i;
        if (!(mask & bit)) phi[i] += weight * (v[mask | bit] - v[mask]);
      }
    }
    return phi;
  });
  return { values, baseline, predictions, modelCalls: batcher.calls };
}

/** weights[s] = s! (d-s-1)! / d!, computed as 1 / (d * C(d-1, s)) to stay exact for larger d. */
export function coalitionWeights(d: number): Float64Array {
  const weights = new Float64Array(d);
  let binomial = 1;
  for (let s = 0; s < d; s++) {
    weights[s] = 1 / (d * binomial);
    binomial = (binomial * (d - 1 - s)) / (s + 1);
  }
  return weights;
}

function popCount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

/** Checks points and background share one dimension and are finite; returns it. */
export function checkShapleyInputs(points: readonly ArrayLike<number>[], background: readonly ArrayLike<number>[]): number {
  if (background.length === 0) throw new Error('Shapley values need a non-empty background set');
  const d = background[0].length;
  if (d < 1) throw new Error('points must have at least one input');
  const check = (rows: readonly ArrayLike<number>[], what: string) =>
    rows.forEach((row, r) => {
      if (row.length !== d) throw new Error(`${what} row ${r} has ${row.length} inputs, expected ${d}`);
      for (let i = 0; i < d; i++) if (!Number.isFinite(row[i])) throw new Error(`${what} row ${r} input ${i} is not finite (${row[i]})`);
    });
  check(background, 'background');
  check(points, 'explained point');
  return d;
}
