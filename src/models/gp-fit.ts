// A GP fit in two halves: `planGpFit` draws everything random (optimiser starts, subsets) from
// the caller's Random on the calling thread; `runGpFit` is a pure function of that plan, so it
// gives the same model bit for bit on the main thread or on a worker.
//
// Hyperparameters maximise the exact log marginal likelihood (projected L-BFGS on log
// parameters) of at most `likelihoodPoints` points, a seeded random subset when there are more:
// - warm start (the previous model's hyperparameters given, and at least
//   WARM_START_MIN_POINTS points): one run from them;
// - cold start: the default point plus `restarts - 1` random points; with more than
//   SCREEN_POINTS points, all starts first run on a random SCREEN_POINTS-point subset and only
//   the best is then polished on the full likelihood set.
// The posterior is exact on all points up to `maxExactPoints`, sparse above (gp-posterior.ts).
// One seeded permutation of the points gives all three subsets: its first SCREEN_POINTS and
// first `likelihoodPoints` entries (so the screening set lies inside the likelihood set), and
// the order in which inducing points are taken.
import type { Random } from '../domain/random.js';
import { minimizeBounded } from './bounded-minimizer.js';
import { ExactLikelihood } from './gp-likelihood.js';
import { exactPosterior, sparseGpPosterior, type GpPosterior } from './gp-posterior.js';
import { checkTrainingSet, packPoints, targetScaling } from './points.js';

/**
 * Fewer points than this always get a cold fit. Along BO runs (Hartmann-6 and a 7-D bump, 150
 * steps each) a warm start stayed in a worse local optimum (by 1-6 nats) now and then below
 * about 30 points, never above; and below 50 points a cold fit costs under about 40 ms.
 */
export const WARM_START_MIN_POINTS = 50;

/** Cold fits on more points than this screen their starts on a subset of this size first. */
export const SCREEN_POINTS = 128;

/** An inducing candidate the ones taken already explain to within this share of s2 is skipped. */
export const INDUCING_TOLERANCE = 1e-6;

export interface GpFitSettings {
  readonly restarts: number;
  readonly maxIterations: number;
  readonly lengthscaleBounds: readonly [number, number];
  readonly signalVarianceBounds: readonly [number, number];
  readonly noiseVarianceBounds: readonly [number, number];
  readonly standardizeTargets: boolean;
  readonly likelihoodPoints: number;
  readonly maxExactPoints: number;
  readonly inducingPoints: number;
  readonly fixed?: { readonly lengthscales: readonly number[]; readonly signalVariance: number; readonly noiseVariance: number; readonly mean?: number };
}

/** Hyperparameters to start from: those of an earlier fit. */
export interface GpWarmStart {
  readonly lengthscales: readonly number[];
  readonly signalVariance: number;
  readonly noiseVariance: number;
}

/** Everything a fit needs; plain data and typed arrays (it crosses to worker threads). */
export interface GpFitPlan {
  readonly inputs: Float64Array;
  readonly dimension: number;
  readonly targets: Float64Array;
  readonly settings: GpFitSettings;
  /** Cold starts in log parameters, the default point first; empty for fixed hyperparameters. */
  readonly starts: number[][];
  /** Warm start in log parameters, clamped to the bounds. */
  readonly warm?: number[];
  /** Indices (ascending) of the points whose likelihood is maximised, when not all. */
  readonly likelihoodSubset?: Int32Array;
  /** Indices (ascending) of the subset cold starts are screened on. */
  readonly screenSubset?: Int32Array;
  /** The order in which a sparse model takes its inducing points (a permutation of all points). */
  readonly inducingOrder?: Int32Array;
}

export interface GpFitResult {
  readonly targetMean: number;
  readonly targetScale: number;
  readonly hyperparameters: { lengthscales: number[]; signalVariance: number; noiseVariance: number; mean: number };
  readonly logMarginalLikelihood: number;
  /** The sparse model's inducing points (indices, in the order taken); absent for an exact model. */
  readonly sparse?: { readonly inducing: Int32Array };
  readonly posterior: GpPosterior;
  /** Likelihood evaluations spent, for benchmarks. */
  readonly evaluations: number;
}

function logBounds(settings: GpFitSettings, d: number): { lower: number[]; upper: number[] } {
  const log = (b: readonly [number, number]) => [Math.log(b[0]), Math.log(b[1])] as const;
  const [lengthLo, lengthHi] = log(settings.lengthscaleBounds);
  const [signalLo, signalHi] = log(settings.signalVarianceBounds);
  const [noiseLo, noiseHi] = log(settings.noiseVarianceBounds);
  return {
    lower: [...new Array<number>(d).fill(lengthLo), signalLo, noiseLo],
    upper: [...new Array<number>(d).fill(lengthHi), signalHi, noiseHi],
  };
}

const clampTo = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));

/** A seeded random permutation of 0..n-1 (Fisher-Yates). */
function randomOrder(n: number, random: Random): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

const firstSorted = (order: Int32Array, count: number) => order.slice(0, count).sort();

export function planGpFit(
  points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random, settings: GpFitSettings, warmStart?: GpWarmStart,
): GpFitPlan {
  const d = checkTrainingSet(points, targets);
  const n = points.length;
  const inputs = packPoints(points, d);
  const base = { inputs, dimension: d, targets: Float64Array.from(targets), settings };
  const fixed = settings.fixed !== undefined;
  if (fixed && settings.fixed!.lengthscales.length !== d) throw new Error(`fixed lengthscales has ${settings.fixed!.lengthscales.length} entries, inputs have ${d}`);
  const starts: number[][] = [];
  let warm: number[] | undefined;
  if (!fixed) {
    const { lower, upper } = logBounds(settings, d);
    // Default start: lengthscales growing with sqrt(d) (typical distances in the unit cube do), unit signal, 1% noise.
    starts.push([
      ...new Array<number>(d).fill(clampTo(Math.log(0.3 * Math.sqrt(d)), lower[0], upper[0])),
      clampTo(0, lower[d], upper[d]),
      clampTo(Math.log(1e-2), lower[d + 1], upper[d + 1]),
    ]);
    const between = (lo: number, hi: number) => lo + (hi - lo) * random.uniform();
    for (let s = 1; s < settings.restarts; s++) {
      starts.push([
        ...Array.from({ length: d }, () => clampTo(between(Math.log(0.1), Math.log(2 * Math.sqrt(d))), lower[0], upper[0])),
        clampTo(between(Math.log(0.3), Math.log(3)), lower[d], upper[d]),
        clampTo(between(Math.log(1e-4), Math.log(0.3)), lower[d + 1], upper[d + 1]),
      ]);
    }
    if (warmStart !== undefined && n >= WARM_START_MIN_POINTS && warmStart.lengthscales.length === d) {
      const values = [...warmStart.lengthscales, warmStart.signalVariance, warmStart.noiseVariance];
      if (values.every((v) => Number.isFinite(v) && v > 0)) warm = values.map((v, k) => clampTo(Math.log(v), lower[k], upper[k]));
    }
  }
  const likelihoodCount = Math.min(n, settings.likelihoodPoints);
  const screen = !fixed && warm === undefined && likelihoodCount > SCREEN_POINTS;
  const sparse = n > settings.maxExactPoints;
  // A subset of the likelihood set is needed to fit hyperparameters, or for a sparse model's constant mean.
  const subset = likelihoodCount < n && (!fixed || sparse);
  if (!screen && !sparse && !subset) return { ...base, starts, warm };
  const order = randomOrder(n, random);
  return {
    ...base, starts, warm,
    likelihoodSubset: subset ? firstSorted(order, likelihoodCount) : undefined,
    screenSubset: screen ? firstSorted(order, SCREEN_POINTS) : undefined,
    inducingOrder: sparse ? order : undefined,
  };
}

function subsetRows(inputs: Float64Array, values: Float64Array, d: number, subset: Int32Array | undefined): { inputs: Float64Array; values: Float64Array } {
  if (subset === undefined) return { inputs, values };
  const rows = new Float64Array(subset.length * d);
  const picked = new Float64Array(subset.length);
  subset.forEach((index, i) => {
    rows.set(inputs.subarray(index * d, index * d + d), i * d);
    picked[i] = values[index];
  });
  return { inputs: rows, values: picked };
}

export function runGpFit(plan: GpFitPlan): GpFitResult {
  const { inputs, dimension: d, targets, settings } = plan;
  const n = targets.length;
  const { mean: targetMean, scale: targetScale } = settings.standardizeTargets ? targetScaling(targets) : { mean: 0, scale: 1 };
  const standardised = Float64Array.from(targets, (t) => (t - targetMean) / targetScale);
  const fixedMean = settings.fixed?.mean;
  let evaluations = 0;

  let theta: number[];
  if (settings.fixed !== undefined) {
    theta = [...settings.fixed.lengthscales.map(Math.log), Math.log(settings.fixed.signalVariance), Math.log(settings.fixed.noiseVariance)];
  } else {
    const { lower, upper } = logBounds(settings, d);
    const optimise = (subset: Int32Array | undefined, starts: readonly number[][]) => {
      const rows = subsetRows(inputs, standardised, d, subset);
      const likelihood = new ExactLikelihood(rows.inputs, d, rows.values, fixedMean);
      let best: { x: Float64Array; value: number } | undefined;
      for (const start of starts) {
        const result = minimizeBounded((t) => likelihood.evaluate(t), start, lower, upper, { maxIterations: settings.maxIterations });
        evaluations += result.evaluations;
        if (Number.isFinite(result.value) && (best === undefined || result.value < best.value)) best = { x: result.x, value: result.value };
      }
      return best;
    };
    let best: { x: Float64Array; value: number } | undefined;
    if (plan.warm !== undefined) {
      best = optimise(plan.likelihoodSubset, [plan.warm]);
      // A warm start that fails (K never positive definite) falls back to the cold starts.
      if (best === undefined) best = optimise(plan.likelihoodSubset, plan.starts);
    } else if (plan.screenSubset !== undefined) {
      const screened = optimise(plan.screenSubset, plan.starts);
      best = optimise(plan.likelihoodSubset, [screened ? Array.from(screened.x) : plan.starts[0]]);
    } else {
      best = optimise(plan.likelihoodSubset, plan.starts);
    }
    if (best === undefined) throw new Error('GP hyperparameter fit failed: the covariance matrix was never positive definite');
    theta = Array.from(best.x);
  }

  const kernel = {
    lengthscales: theta.slice(0, d).map(Math.exp),
    signalVariance: Math.exp(theta[d]),
    noiseVariance: Math.exp(theta[d + 1]),
  };
  if (n <= settings.maxExactPoints) {
    const exact = exactPosterior(inputs, d, standardised, kernel, fixedMean);
    return {
      targetMean, targetScale,
      hyperparameters: { ...kernel, mean: exact.mean },
      logMarginalLikelihood: exact.logMarginalLikelihood,
      posterior: exact.posterior,
      evaluations,
    };
  }
  // The constant mean of a sparse model: the fixed one, or generalised least squares on the likelihood set.
  let mean = fixedMean;
  if (mean === undefined) {
    const rows = subsetRows(inputs, standardised, d, plan.likelihoodSubset);
    mean = exactPosterior(rows.inputs, d, rows.values, kernel, undefined).mean;
  }
  if (plan.inducingOrder === undefined) throw new Error('internal: a sparse GP fit needs an inducing order');
  const sparse = sparseGpPosterior(inputs, d, standardised, kernel, mean, { order: plan.inducingOrder, maxCount: settings.inducingPoints, tolerance: INDUCING_TOLERANCE });
  return {
    targetMean, targetScale,
    hyperparameters: { ...kernel, mean },
    logMarginalLikelihood: sparse.logMarginalLikelihood,
    sparse: { inducing: sparse.pivots },
    posterior: sparse.posterior,
    evaluations,
  };
}
