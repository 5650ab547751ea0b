// How good is the digital twin? Parity data on an 80/20 split (paper Fig. 6C/D),
// k-fold cross-validated R^2 (one split of ~60 points is noisy), and the twin's own
// uncertainty as the training set grows (Fig. 6B).
import type { Random } from '../domain/random.js';
import type { Surrogate, SurrogateTrainer } from '../models/surrogate.js';
import { unitCube, type UnitRegion } from '../planning/region.js';
import { uniformRandom } from '../planning/samplers/uniform.js';
import { kFoldSplits, pick, rSquared, trainTestSplit } from '../models/metrics.js';
import { mean, sampleStandardDeviation } from './statistics.js';

/** One experiment on a parity plot. */
export interface ParityPair {
  /** Position of the experiment in the input arrays. */
  index: number;
  measured: number;
  predictedMean: number;
  predictedStd: number;
}

export interface ParityData {
  train: ParityPair[];
  test: ParityPair[];
  trainR2: number;
  testR2: number;
  /** The twin fitted on the training part. */
  surrogate: Surrogate;
}

export interface ParityOptions {
  /** Share of experiments held out for testing (default 0.2, as in the paper). */
  testFraction?: number;
}

/** Fit on a random train part, predict both parts; R^2 of the predicted means against the measurements. */
export async function parityData(
  trainer: SurrogateTrainer,
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  random: Random,
  options: ParityOptions = {},
): Promise<ParityData> {
  checkData(points, targets);
  const split = trainTestSplit(points.length, options.testFraction ?? 0.2, random);
  const surrogate = await trainer.fit(pick(points, split.train), pick(Array.from(targets), split.train), random.fork());
  const train = parityPairs(surrogate, points, targets, split.train);
  const test = parityPairs(surrogate, points, targets, split.test);
  return { train, test, trainR2: pairsR2(train), testR2: pairsR2(test), surrogate };
}

export interface CrossValidationOptions {
  /** Number of folds (default 5; equal to the number of experiments for leave-one-out). */
  folds?: number;
}

export interface FoldResult {
  /** Indices of the held-out experiments. */
  testIndices: number[];
  /** R^2 on this fold alone, about the fold's own mean (NaN if its measurements are all equal). */
  r2: number;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  /** R^2 of all out-of-fold predictions together, about the mean of all measurements. */
  pooledR2: number;
  /** Mean of the per-fold R^2 values (NaN folds skipped). */
  meanFoldR2: number;
  /** Every experiment predicted by the model that did not see it, in input order. */
  outOfFold: ParityPair[];
}

/** k-fold cross-validation: every experiment is predicted once by a twin trained without it. */
export async function crossValidatedR2(
  trainer: SurrogateTrainer,
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  random: Random,
  options: CrossValidationOptions = {},
): Promise<CrossValidationResult> {
  checkData(points, targets);
  const n = points.length;
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`cross-validation needs an integer number of folds >= 2, got ${folds}`);
  if (n < folds) throw new Error(`${folds}-fold cross-validation needs at least ${folds} experiments, got ${n}`);
  const splits = kFoldSplits(n, folds, random);
  const fitRandoms = splits.map(() => random.fork());
  const outOfFold: ParityPair[] = new Array(n);
  const results: FoldResult[] = [];
  for (let k = 0; k < splits.length; k++) {
    const { train: trainIndices, test: testIndices } = splits[k];
    const surrogate = await trainer.fit(pick(points, trainIndices), pick(Array.from(targets), trainIndices), fitRandoms[k]);
    const pairs = parityPairs(surrogate, points, targets, testIndices);
    for (const pair of pairs) outOfFold[pair.index] = pair;
    results.push({ testIndices, r2: pairsR2(pairs) });
  }
  const foldR2s = results.map((f) => f.r2).filter((r) => !Number.isNaN(r));
  return { folds: results, pooledR2: pairsR2(outOfFold), meanFoldR2: mean(foldR2s), outOfFold };
}

export interface UncertaintyVersusSizeOptions {
  /** Training-set sizes: the first `size` experiments in input order (default 10, 20, ..., N). */
  sizes?: readonly number[];
  /** Monte Carlo evaluation points, drawn once and shared by every size (default 1000). */
  monteCarloPoints?: number;
  /** Feasible region the Monte Carlo points are drawn from (default: the whole unit cube). */
  region?: UnitRegion;
}

export interface UncertaintyAtSize {
  /** Number of experiments the twin was trained on. */
  size: number;
  /** Mean over the Monte Carlo points of the twin's predictive std. */
  meanStd: number;
  /** Sample standard deviation of the predictive std over the Monte Carlo points. */
  stdOfStd: number;
}

export interface UncertaintyVersusSize {
  monteCarloPoints: number;
  bySize: UncertaintyAtSize[];
}

/** The twin's predictive std on a fixed Monte Carlo set, for twins trained on growing prefixes of the campaign. */
export async function uncertaintyVersusDataSize(
  trainer: SurrogateTrainer,
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  random: Random,
  options: UncertaintyVersusSizeOptions = {},
): Promise<UncertaintyVersusSize> {
  const dimension = checkData(points, targets);
  const n = points.length;
  const sizes = options.sizes ?? defaultSizes(n);
  if (sizes.length === 0) throw new Error('uncertaintyVersusDataSize needs at least one training-set size');
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1 || size > n) throw new Error(`training-set size must be an integer in [1, ${n}], got ${size}`);
  }
  const region = options.region ?? unitCube(dimension);
  if (region.dimension !== dimension) throw new Error(`region has ${region.dimension} inputs, the points have ${dimension}`);
  const count = options.monteCarloPoints ?? 1000;
  if (!Number.isInteger(count) || count < 2) throw new Error(`monteCarloPoints must be an integer >= 2, got ${count}`);
  const evaluationPoints = uniformRandom(region, count, random.fork());
  const fitRandoms = sizes.map(() => random.fork());
  const bySize: UncertaintyAtSize[] = [];
  for (let k = 0; k < sizes.length; k++) {
    const size = sizes[k];
    const surrogate = await trainer.fit(points.slice(0, size), Array.from(targets).slice(0, size), fitRandoms[k]);
    const { std } = surrogate.predict(evaluationPoints);
    bySize.push({ size, meanStd: mean(std), stdOfStd: sampleStandardDeviation(std) });
  }
  return { monteCarloPoints: count, bySize };
}

/** 10, 20, ... below N, then N itself. */
export function defaultSizes(count: number): number[] {
  const sizes: number[] = [];
  for (let size = 10; size < count; size += 10) sizes.push(size);
  sizes.push(count);
  return sizes;
}

function parityPairs(surrogate: Surrogate, points: readonly ArrayLike<number>[], targets: ArrayLike<number>, indices: readonly number[]): ParityPair[] {
  const prediction = surrogate.predict(pick(points, indices));
  return indices.map((index, row) => ({
    index,
    measured: targets[index],
    predictedMean: prediction.mean[row],
    predictedStd: prediction.std[row],
  }));
}

function pairsR2(pairs: readonly ParityPair[]): number {
  return rSquared(pairs.map((p) => p.measured), pairs.map((p) => p.predictedMean));
}

function checkData(points: readonly ArrayLike<number>[], targets: ArrayLike<number>): number {
  if (points.length === 0) throw new Error('no experiments given');
  if (points.length !== targets.length) throw new Error(`${points.length} points but ${targets.length} targets`);
  const dimension = points[0].length;
  points.forEach((point, i) => {
    if (point.length !== dimension) throw new Error(`point ${i} has ${point.length} inputs, expected ${dimension}`);
  });
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i])) throw new Error(`target ${i} is not a finite number (${targets[i]})`);
  }
  return dimension;
}
