// Permutation-sampling estimate of the same interventional Shapley values, for when 2^d
// coalitions are too many. For an ordering pi of the inputs, switching inputs from the
// background row to x one at a time in that order gives each input a marginal
// contribution; averaged over uniformly random orderings it is unbiased for phi_i.
// Each ordering is paired with its reverse (antithetic sampling), which cancels much of the
// variance; the standard error comes from the spread of the pair averages. Every
// ordering telescopes, so the estimates sum to f(x) - baseline up to round-off.
import { permutation, type Random } from '../domain/random.js';
import { RowBatcher, type BatchModel } from './row-batcher.js';
import { checkShapleyInputs, type BatchingOptions, type ShapleyValues } from './shapley-exact.js';

export interface PermutationShapleyOptions extends BatchingOptions {
  /** Orderings drawn per explained point, each used with its reverse (default 64 pairs). */
  permutationPairs?: number;
}

export interface PermutationShapleyValues extends ShapleyValues {
  /** standardErrors[p][i]: standard error of values[p][i] (NaN with a single pair). */
  standardErrors: Float64Array[];
  permutationPairs: number;
}

export function permutationShapley(
  model: BatchModel,
  points: readonly ArrayLike<number>[],
  background: readonly ArrayLike<number>[],
  random: Random,
  options: PermutationShapleyOptions = {},
): PermutationShapleyValues {
  const d = checkShapleyInputs(points, background);
  const pairs = options.permutationPairs ?? 64;
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`permutationPairs must be a positive integer, got ${pairs}`);
  const backgroundSize = background.length;
  // Steps 0..d-2 of each ordering; the last one (all inputs from x) is v(N), shared by all.
  // v(N) is averaged over B copies of x like every step, so an input the model ignores gets exactly 0.
  const steps = d - 1;
  const perPoint = 2 * pairs * steps;
  const orderings = points.map(() => Array.from({ length: pairs }, () => permutation(d, random)));
  // sums[0]: baseline; sums[1 + p]: f(x_p); sums[1 + n + p]: B * v(N); then the steps per point, pair and direction.
  const fullOffset = 1 + points.length;
  const stepOffset = fullOffset + points.length;
  const sums = new Float64Array(stepOffset + points.length * perPoint);
  const batcher = new RowBatcher(model, d, sums, options.maxRowsPerCall);
  for (const b of background) batcher.row(0).set(b);
  points.forEach((x, p) => batcher.row(1 + p).set(x));
  points.forEach((x, p) => background.forEach(() => batcher.row(fullOffset + p).set(x)));
  points.forEach((x, p) => {
    orderings[p].forEach((order, k) => {
      for (let direction = 0; direction < 2; direction++) {
        const slot = stepOffset + p * perPoint + (2 * k + direction) * steps;
        for (const b of background) {
          const current = Float64Array.from(b);
          for (let j = 0; j < steps; j++) {
            const input = direction === 0 ? order[j] : order[d - 1 - j];
            current[input] = x[input];
            batcher.row(slot + j).set(current);
          }
        }
      }
    });
  });
  batcher.flush();

  const baseline = sums[0] / backgroundSize;
  const predictions = Float64Array.from(points, (_, p) => sums[1 + p]);
  const values: Float64Array[] = [];
  const standardErrors: Float64Array[] = [];
  const contribution = new Float64Array(d);
  // pairSamples[k * d + i]: input i's contribution averaged over ordering k and its reverse.
  const pairSamples = new Float64Array(pairs * d);
  points.forEach((_, p) => {
    pairSamples.fill(0);
    orderings[p].forEach((order, k) => {
      for (let direction = 0; direction < 2; direction++) {
        const slot = stepOffset + p * perPoint + (2 * k + direction) * steps;
        let previous = baseline;
        for (let j = 0; j < d; j++) {
          const input = direction === 0 ? order[j] : order[d - 1 - j];
          const value = (j < steps ? sums[slot + j] : sums[fullOffset + p]) / backgroundSize;
          contribution[input] = value - previous;
          previous = value;
        }
        for (let i = 0; i < d; i++) pairSamples[k * d + i] += 0.5 * contribution[i];
      }
    });
    const phi = new Float64Array(d);
    const error = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let total = 0;
      for (let k = 0; k < pairs; k++) total += pairSamples[k * d + i];
      phi[i] = total / pairs;
      let squares = 0;
      for (let k = 0; k < pairs; k++) squares += (pairSamples[k * d + i] - phi[i]) ** 2;
      error[i] = pairs > 1 ? Math.sqrt(squares / (pairs - 1) / pairs) : Number.NaN;
    }
    values.push(phi);
    standardErrors.push(error);
  });
  return { values, standardErrors, baseline, predictions, permutationPairs: pairs, modelCalls: batcher.calls };
}
