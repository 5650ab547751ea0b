// Gaussian-process surrogate: ARD Matern 5/2 kernel, constant mean, Gaussian noise, targets
// standardised inside the model. Hyperparameters maximise the log marginal likelihood
// (analytic gradient, projected L-BFGS on log-parameters inside bounds), from the previous
// fit's hyperparameters when given (warm start) or from a default point and seeded random
// points (cold start). See gp-fit.ts for the fit, gp-likelihood.ts for the likelihood,
// gp-posterior.ts and gp-sparse.ts for the exact and the sparse posterior.
//
//   k(x, x') = s2 (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r),  r^2 = sum_k (x_k - x'_k)^2 / l_k^2
//   K = k(X, X) + noise I;  the constant mean c is profiled out: c = 1'K^-1 y / 1'K^-1 1
//   mean(x) = c + k(x)'a, a = K^-1 (y - c);  latent var(x) = s2 - k(x)'K^-1 k(x)
//
// Large fits run on a worker thread (gp-pool.ts) so the caller's event loop stays free; the
// fit is a pure function of its plan, so the model is the same bit for bit on either thread.
import { z } from 'zod';
import type { Random } from '../domain/random.js';
import { planGpFit, runGpFit, type GpFitPlan, type GpFitResult, type GpWarmStart } from './gp-fit.js';
import { ExactLikelihood } from './gp-likelihood.js';
import { exactPosterior, sparseGpPosterior, type GpPosterior } from './gp-posterior.js';
import { runGpFitOnWorker } from './gp-pool.js';
import { solveLowerRowsInPlace } from './linear-algebra.js';
import { checkTrainingSet, packPoints } from './points.js';
import type { FitContext, Prediction, PredictionWithGradient, SerializedSurrogate, Surrogate, SurrogateTrainer } from './surrogate.js';

const SQRT5 = Math.sqrt(5);

const bounds = z.tuple([z.number().positive(), z.number().positive()]).refine(([lo, hi]) => lo <= hi, 'lower bound must not exceed upper bound');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** Hyperparameters on the standardised target scale (unless standardizeTargets is false). */
export const gpHyperparametersSchema = z.strictObject({
  lengthscales: z.array(z.number().positive().refine(Number.isFinite, 'must be finite')).min(1),
  signalVariance: z.number().positive().refine(Number.isFinite, 'must be finite'),
  noiseVariance: z.number().positive().refine(Number.isFinite, 'must be finite'),
  mean: finite,
});
export type GpHyperparameters = z.output<typeof gpHyperparametersSchema>;

/**
 * From this many points on, `worker: 'auto'` fits on a worker thread: a cold fit of 100 points
 * takes about 0.1-0.2 s of CPU, which a server's event loop should not wait for.
 */
export const GP_WORKER_MIN_POINTS = 100;

export const gpOptionsSchema = z.strictObject({
  /** Optimiser starts of a cold fit: the default point plus restarts - 1 seeded random points. */
  restarts: z.number().int().min(1).max(100).default(4),
  maxIterations: z.number().int().min(1).max(10_000).default(100),
  lengthscaleBounds: bounds.default([0.02, 50]),
  signalVarianceBounds: bounds.default([0.01, 100]),
  noiseVarianceBounds: bounds.default([1e-6, 1]),
  /** Add the fitted noise variance to the predicted variance (default: latent std only). */
  includeNoiseInStd: z.boolean().default(false),
  /** Standardise targets to zero mean and unit variance before fitting (default true). */
  standardizeTargets: z.boolean().default(true),
  /** Use these hyperparameters as given instead of fitting them (mean omitted: profiled out). */
  fixed: gpHyperparametersSchema.extend({ mean: finite.optional() }).optional(),
  /** Start from the previous fit's hyperparameters when the caller passes them (one optimiser run instead of `restarts`). */
  warmStart: z.boolean().default(true),
  /** Hyperparameters maximise the likelihood of at most this many points: a seeded random subset beyond. */
  likelihoodPoints: z.number().int().min(2).max(10_000).default(300),
  /** Exact posterior up to this many points; above, a sparse GP with `inducingPoints` inducing points. */
  maxExactPoints: z.number().int().min(2).max(20_000).default(500),
  /** Inducing points of the sparse GP, chosen among the training points (fewer if they already explain the rest). */
  inducingPoints: z.number().int().min(1).max(5000).default(256),
  /** Fit on a worker thread: true, false, or 'auto' (from GP_WORKER_MIN_POINTS points on). Same model either way. */
  worker: z.union([z.boolean(), z.literal('auto')]).default('auto'),
});
type Bounds = readonly [number, number];
export type GpOptions = Omit<z.input<typeof gpOptionsSchema>, 'lengthscaleBounds' | 'signalVarianceBounds' | 'noiseVarianceBounds' | 'fixed'> & {
  readonly lengthscaleBounds?: Bounds;
  readonly signalVarianceBounds?: Bounds;
  readonly noiseVarianceBounds?: Bounds;
  readonly fixed?: { readonly lengthscales: readonly number[]; readonly signalVariance: number; readonly noiseVariance: number; readonly mean?: number };
};
export type ResolvedGpOptions = z.output<typeof gpOptionsSchema>;

export function resolveGpOptions(options: GpOptions = {}): ResolvedGpOptions {
  const parsed = gpOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`invalid GP options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** What `GaussianProcessSurrogate.warmStart()` returns and a GP trainer starts from. */
export const gpWarmStartSchema = z.strictObject({
  kind: z.literal('gp'),
  lengthscales: gpHyperparametersSchema.shape.lengthscales,
  signalVariance: gpHyperparametersSchema.shape.signalVariance,
  noiseVariance: gpHyperparametersSchema.shape.noiseVariance,
});
export type GpWarmStartJson = z.output<typeof gpWarmStartSchema>;

export interface GpTrainer extends SurrogateTrainer {
  readonly kind: 'gp';
  readonly options: ResolvedGpOptions;
  fit(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random, context?: FitContext): Promise<GaussianProcessSurrogate>;
}

export function createGpTrainer(options: GpOptions = {}): GpTrainer {
  const resolved = resolveGpOptions(options);
  return {
    kind: 'gp',
    options: resolved,
    fit: async (points, targets, random, context) => fitGp(points, targets, random, resolved, context),
  };
}

/**
 * A warm start the trainer can use: a GP warm start with one lengthscale per input. Anything
 * else (another model's, or none) means a cold fit; it is a starting point, never a result.
 */
function usableWarmStart(value: unknown, dimension: number): GpWarmStart | undefined {
  const parsed = gpWarmStartSchema.safeParse(value);
  if (!parsed.success || parsed.data.lengthscales.length !== dimension) return undefined;
  return parsed.data;
}

function fitOnWorker(plan: GpFitPlan, options: ResolvedGpOptions): boolean {
  if (options.worker === 'auto') return plan.targets.length >= GP_WORKER_MIN_POINTS;
  return options.worker;
}

async function fitGp(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random, options: ResolvedGpOptions, context: FitContext = {}): Promise<GaussianProcessSurrogate> {
  const d = checkTrainingSet(points, targets);
  const warm = options.warmStart ? usableWarmStart(context.warmStart, d) : undefined;
  const plan = planGpFit(points, targets, random, options, warm);
  const result = fitOnWorker(plan, options)
    ? await runGpFitOnWorker(plan, { fallBackToMainThread: options.worker === 'auto' })
    : runGpFit(plan);
  return surrogateFromFit(plan, result, options);
}

function surrogateFromFit(plan: GpFitPlan, result: GpFitResult, options: ResolvedGpOptions): GaussianProcessSurrogate {
  return new GaussianProcessSurrogate(
    plan.inputs, plan.dimension, plan.targets, result.targetMean, result.targetScale, result.hyperparameters,
    { includeNoiseInStd: options.includeNoiseInStd, standardizeTargets: options.standardizeTargets },
    result.logMarginalLikelihood,
    { sparse: result.sparse, posterior: result.posterior, fitEvaluations: result.evaluations },
  );
}

/** Log marginal likelihood of standardised targets under given hyperparameters (mean profiled when absent). */
export function gpLogMarginalLikelihood(
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  hyperparameters: Omit<GpHyperparameters, 'mean'> & { mean?: number },
): { logLikelihood: number; gradient: Float64Array; mean: number } {
  const d = checkTrainingSet(points, targets);
  const likelihood = new ExactLikelihood(packPoints(points, d), d, Float64Array.from(targets), hyperparameters.mean);
  const theta = [...hyperparameters.lengthscales.map(Math.log), Math.log(hyperparameters.signalVariance), Math.log(hyperparameters.noiseVariance)];
  const result = likelihood.evaluate(theta);
  return { logLikelihood: -result.value, gradient: result.gradient.map((g) => -g), mean: result.mean };
}

export interface GpSettings {
  readonly includeNoiseInStd: boolean;
  readonly standardizeTargets: boolean;
}

/** A sparse model's inducing points: indices into the training points, in the order taken. */
export interface GpSparseState {
  readonly inducing: Int32Array;
}

export interface GpStructure {
  /** Present for a sparse model. */
  readonly sparse?: GpSparseState;
  /** The posterior, when already computed (by a fit on a worker); otherwise the constructor computes it. */
  readonly posterior?: GpPosterior;
  /** Likelihood evaluations the fit spent (not saved). */
  readonly fitEvaluations?: number;
}

/** Rows of query points per block: the factor's rows are reused for a block while in cache. */
const PREDICT_BLOCK = 64;

export class GaussianProcessSurrogate implements Surrogate {
  readonly kind = 'gp';
  readonly count: number;
  /** Jitter that had to be added to the diagonal for a stable factorisation (usually 0). */
  readonly jitter: number;
  readonly sparse: GpSparseState | undefined;
  readonly fitEvaluations: number | undefined;
  private readonly posterior: GpPosterior;

  constructor(
    /** Training inputs, row-major count x inputDimension. */
    readonly inputs: Float64Array,
    readonly inputDimension: number,
    /** Training targets in their own units. */
    readonly targets: Float64Array,
    readonly targetMean: number,
    readonly targetScale: number,
    readonly hyperparameters: GpHyperparameters,
    readonly settings: GpSettings,
    readonly logMarginalLikelihood?: number,
    structure: GpStructure = {},
  ) {
    if (hyperparameters.lengthscales.length !== inputDimension) throw new Error(`${hyperparameters.lengthscales.length} lengthscales for ${inputDimension} inputs`);
    this.count = targets.length;
    if (inputs.length !== this.count * inputDimension) throw new Error('inputs and targets disagree on the number of points');
    this.sparse = structure.sparse;
    this.fitEvaluations = structure.fitEvaluations;
    this.posterior = structure.posterior ?? this.computePosterior();
    this.jitter = this.posterior.jitter;
  }

  /** The posterior from the saved state; a fit computes exactly this (gp-fit.ts). */
  private computePosterior(): GpPosterior {
    const standardised = Float64Array.from(this.targets, (t) => (t - this.targetMean) / this.targetScale);
    if (this.sparse === undefined) {
      return exactPosterior(this.inputs, this.inputDimension, standardised, this.hyperparameters, this.hyperparameters.mean).posterior;
    }
    return sparseGpPosterior(this.inputs, this.inputDimension, standardised, this.hyperparameters, this.hyperparameters.mean, { pivots: this.sparse.inducing }).posterior;
  }

  /** Number of inducing points of a sparse model, or the number of training points. */
  get basisSize(): number {
    return this.posterior.size;
  }

  /** The hyperparameters, for the next fit to start from. */
  warmStart(): GpWarmStartJson {
    const { lengthscales, signalVariance, noiseVariance } = this.hyperparameters;
    return { kind: 'gp', lengthscales: [...lengthscales], signalVariance, noiseVariance };
  }

  predict(points: readonly ArrayLike<number>[]): Prediction {
    const { mean, std } = this.evaluate(points, false);
    return { mean, std };
  }

  predictWithGradient(points: readonly ArrayLike<number>[]): PredictionWithGradient {
    const result = this.evaluate(points, true);
    return { mean: result.mean, std: result.std, meanGradient: result.meanGradient!, stdGradient: result.stdGradient! };
  }

  private evaluate(points: readonly ArrayLike<number>[], withGradient: boolean) {
    const d = this.inputDimension;
    const { basis, size: b, weights, factor, innerFactor } = this.posterior;
    const { lengthscales, signalVariance } = this.hyperparameters;
    const packed = packPoints(points, d);
    const count = points.length;
    const mean = new Float64Array(count);
    const std = new Float64Array(count);
    const meanGradient: Float64Array[] = [];
    const stdGradient: Float64Array[] = [];
    const block = Math.min(PREDICT_BLOCK, Math.max(1, count));
    const cross = new Float64Array(block * b);
    const solved = new Float64Array(block * b);
    const solvedInner = innerFactor ? new Float64Array(block * b) : undefined;
    // dk(x, x_j)/dx_k = -(5/3) s2 (1 + sqrt5 r) exp(-sqrt5 r) (x_k - x_jk) / l_k^2, kept per j for the gradient.
    const crossSlope = withGradient ? new Float64Array(b) : undefined;
    const inverseLengths = lengthscales.map((l) => 1 / l);
    for (let start = 0; start < count; start += block) {
      const rows = Math.min(block, count - start);
      for (let r = 0; r < rows; r++) {
        const offset = (start + r) * d;
        const out = r * b;
        let latentMean = this.hyperparameters.mean;
        for (let j = 0; j < b; j++) {
          let r2 = 0;
          for (let k = 0; k < d; k++) {
            const delta = (packed[offset + k] - basis[j * d + k]) * inverseLengths[k];
            r2 += delta * delta;
          }
          const distance = Math.sqrt(r2);
          const value = signalVariance * (1 + SQRT5 * distance + (5 / 3) * r2) * Math.exp(-SQRT5 * distance);
          cross[out + j] = value;
          latentMean += value * weights[j];
        }
        mean[start + r] = this.targetMean + this.targetScale * latentMean;
      }
      solved.set(cross.subarray(0, rows * b));
      solveLowerRowsInPlace(factor, b, solved, rows);
      if (solvedInner !== undefined) {
        solvedInner.set(solved.subarray(0, rows * b));
        solveLowerRowsInPlace(innerFactor!, b, solvedInner, rows);
      }
      for (let r = 0; r < rows; r++) {
        const out = r * b;
        let explained = 0;
        for (let j = 0; j < b; j++) explained += solved[out + j] * solved[out + j];
        if (solvedInner !== undefined) for (let j = 0; j < b; j++) explained -= solvedInner[out + j] * solvedInner[out + j];
        const latentVariance = Math.max(0, signalVariance - explained);
        const variance = latentVariance + (this.settings.includeNoiseInStd ? this.hyperparameters.noiseVariance : 0);
        const standardStd = Math.sqrt(variance);
        std[start + r] = this.targetScale * standardStd;
        if (crossSlope === undefined) continue;

        // d var/dx = -2 q' dk/dx with q = L1^-T (v1 - L2^-T v2) (exact: K^-1 k), v1 = L1^-1 k, v2 = L2^-1 v1.
        const q = solved.slice(out, out + b);
        if (solvedInner !== undefined) {
          const v2 = solvedInner.slice(out, out + b);
          backSubstitute(innerFactor!, b, v2);
          for (let j = 0; j < b; j++) q[j] -= v2[j];
        }
        backSubstitute(factor, b, q);
        const offset = (start + r) * d;
        const gMean = new Float64Array(d);
        const gStd = new Float64Array(d);
        for (let j = 0; j < b; j++) {
          let r2 = 0;
          for (let k = 0; k < d; k++) {
            const delta = (packed[offset + k] - basis[j * d + k]) * inverseLengths[k];
            r2 += delta * delta;
          }
          const distance = Math.sqrt(r2);
          crossSlope[j] = (5 / 3) * signalVariance * (1 + SQRT5 * distance) * Math.exp(-SQRT5 * distance);
          for (let k = 0; k < d; k++) {
            const slope = -crossSlope[j] * (packed[offset + k] - basis[j * d + k]) / (lengthscales[k] * lengthscales[k]);
            gMean[k] += weights[j] * slope;
            gStd[k] += -2 * q[j] * slope;
          }
        }
        for (let k = 0; k < d; k++) {
          gMean[k] *= this.targetScale;
          // std = sqrt(var): d std = d var / (2 std); flat where the latent variance is clipped at 0.
          gStd[k] = latentVariance > 0 && standardStd > 0 ? (this.targetScale * gStd[k]) / (2 * standardStd) : 0;
        }
        meanGradient.push(gMean);
        stdGradient.push(gStd);
      }
    }
    return { mean, std, meanGradient: withGradient ? meanGradient : undefined, stdGradient: withGradient ? stdGradient : undefined };
  }

  toJSON(): SerializedGp {
    const d = this.inputDimension;
    return {
      kind: 'gp',
      version: 2,
      inputDimension: d,
      points: Array.from({ length: this.count }, (_, i) => Array.from(this.inputs.subarray(i * d, (i + 1) * d))),
      targets: Array.from(this.targets),
      targetMean: this.targetMean,
      targetScale: this.targetScale,
      hyperparameters: { ...this.hyperparameters, lengthscales: [...this.hyperparameters.lengthscales] },
      includeNoiseInStd: this.settings.includeNoiseInStd,
      standardizeTargets: this.settings.standardizeTargets,
      ...(this.logMarginalLikelihood === undefined ? {} : { logMarginalLikelihood: this.logMarginalLikelihood }),
      ...(this.sparse === undefined ? {} : { sparse: { inducing: Array.from(this.sparse.inducing) } }),
    };
  }
}

/** Solves L^T x = b in place. */
function backSubstitute(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
}

/**
 * Saved GP. Version 1: an exact GP (still loads). Version 2 adds `sparse` for a sparse model:
 * its inducing points as indices into `points`, in the order taken; `logMarginalLikelihood` is
 * then the Titsias lower bound on all points.
 */
export const serializedGpSchema = z.strictObject({
  kind: z.literal('gp'),
  version: z.union([z.literal(1), z.literal(2)]),
  inputDimension: z.number().int().min(1),
  points: z.array(z.array(finite)).min(1),
  targets: z.array(finite).min(1),
  targetMean: finite,
  targetScale: finite.refine((v) => v > 0, 'must be positive'),
  hyperparameters: gpHyperparametersSchema,
  includeNoiseInStd: z.boolean(),
  standardizeTargets: z.boolean(),
  logMarginalLikelihood: finite.optional(),
  sparse: z.strictObject({
    inducing: z.array(z.number().int().min(0)).min(1),
  }).optional(),
}).superRefine((value, ctx) => {
  if (value.points.length !== value.targets.length) {
    ctx.addIssue({ code: 'custom', path: ['targets'], message: `${value.targets.length} targets for ${value.points.length} points` });
  }
  value.points.forEach((point, i) => {
    if (point.length !== value.inputDimension) ctx.addIssue({ code: 'custom', path: ['points', i], message: `has ${point.length} coordinates, inputDimension is ${value.inputDimension}` });
  });
  if (value.hyperparameters.lengthscales.length !== value.inputDimension) {
    ctx.addIssue({ code: 'custom', path: ['hyperparameters', 'lengthscales'], message: `needs ${value.inputDimension} entries` });
  }
  if (value.sparse !== undefined) {
    if (value.version < 2) ctx.addIssue({ code: 'custom', path: ['sparse'], message: 'needs version 2' });
    const seen = new Set<number>();
    value.sparse.inducing.forEach((index, i) => {
      if (index >= value.points.length || seen.has(index)) ctx.addIssue({ code: 'custom', path: ['sparse', 'inducing', i], message: `${index} is not the index of another point (${value.points.length} points)` });
      seen.add(index);
    });
  }
});
export type SerializedGp = z.output<typeof serializedGpSchema> & SerializedSurrogate;

/** Rebuilds a GP from `toJSON()` output that has already passed `serializedGpSchema`. */
export function gpFromSerialized(value: z.output<typeof serializedGpSchema>): GaussianProcessSurrogate {
  const d = value.inputDimension;
  return new GaussianProcessSurrogate(
    packPoints(value.points, d),
    d,
    Float64Array.from(value.targets),
    value.targetMean,
    value.targetScale,
    { ...value.hyperparameters, lengthscales: [...value.hyperparameters.lengthscales] },
    { includeNoiseInStd: value.includeNoiseInStd, standardizeTargets: value.standardizeTargets },
    value.logMarginalLikelihood,
    value.sparse === undefined ? {} : { sparse: { inducing: Int32Array.from(value.sparse.inducing) } },
  );
}
