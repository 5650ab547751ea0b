// Accuracy metrics and data splits for judging surrogates.
import { permutation, type Random } from '../domain/random.js';

function checkPair(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (actual.length !== predicted.length) throw new Error(`${actual.length} actual values but ${predicted.length} predictions`);
  if (actual.length === 0) throw new Error('metrics need at least one value');
  return actual.length;
}

/** Coefficient of determination 1 - SS_res / SS_tot (can be negative; NaN when the actual values are all equal). */
export function rSquared(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkPair(actual, predicted);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (actual[i] - predicted[i]) ** 2;
    total += (actual[i] - mean) ** 2;
  }
  return total === 0 ? Number.NaN : 1 - residual / total;
}

export function rootMeanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkPair(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / n);
}

export function meanAbsoluteError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = checkPair(actual, predicted);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / n;
}

export interface Split {
  readonly train: number[];
  readonly test: number[];
}

/**
 * A random split of indices 0..n-1 with round(n * testFraction) test indices (at least one
 * on each side when n >= 2). Both lists are sorted.
 */
export function trainTestSplit(n: number, testFraction: number, random: Random): Split {
  if (!Number.isInteger(n) || n < 2) throw new Error(`a split needs at least 2 items, got ${n}`);
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be in (0, 1), got ${testFraction}`);
  const testCount = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  const order = permutation(n, random);
  return {
    train: order.slice(testCount).sort((a, b) => a - b),
    test: order.slice(0, testCount).sort((a, b) => a - b),
  };
}

/** k folds over a random permutation of 0..n-1; fold sizes differ by at most one. */
export function kFoldSplits(n: number, k: number, random: Random): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k must be an integer >= 2, got ${k}`);
  if (!Number.isInteger(n) || n < k) throw new Error(`k-fold needs at least k = ${k} items, got ${n}`);
  const order = permutation(n, random);
  const folds: Split[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = order.slice(start, start + size);
    const train = [...order.slice(0, start), ...order.slice(start + size)];
    folds.push({ train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) });
    start += size;
  }
  return folds;
}

/** Picks elements of `values` at `indices`. */
export function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i]);
}

/** Picks numbers of `values` at `indices` into a Float64Array. */
export function pickNumbers(values: ArrayLike<number>, indices: readonly number[]): Float64Array {
  return Float64Array.from(indices, (i) => values[i]);
}
