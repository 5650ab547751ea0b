// Gaussian-process baseline surrogate: ARD Matern 5/2 kernel, constant mean, Gaussian
// noise, targets standardised inside the model. Hyperparameters maximise the log marginal
// likelihood (analytic gradient, projected L-BFGS on log-parameters inside bounds,
// multi-start from a default point and seeded random points).
//
//   k(x, x') = s2 (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r),  r^2 = sum_k (x_k - x'_k)^2 / l_k^2
//   K = k(X, X) + noise I;  the constant mean c is profiled out: c = 1'K^-1 y / 1'K^-1 1
//   log p(y) = -1/2 (y - c)'K^-1 (y - c) - sum log diag(chol K) - n/2 log 2 pi
//   d log p / d theta = 1/2 tr((a a' - K^-1) dK/dtheta),  a = K^-1 (y - c)
//   mean(x) = c + k(x)'a;  latent var(x) = s2 - k(x)'K^-1 k(x)
import { z } from 'zod';
import type { Random } from '../domain/random.js';
import { minimizeBounded, type ObjectiveValue } from './bounded-minimizer.js';
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace, solveLowerInPlace } from './linear-algebra.js';
import { checkTrainingSet, packPoints, targetScaling } from './points.js';
import type { Prediction, PredictionWithGradient, SerializedSurrogate, Surrogate, SurrogateTrainer } from './surrogate.js';

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

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

export const gpOptionsSchema = z.strictObject({
  /** Optimiser starts: the default point plus restarts - 1 seeded random points. */
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

export interface GpTrainer extends SurrogateTrainer {
  readonly kind: 'gp';
  readonly options: ResolvedGpOptions;
  fit(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random): Promise<GaussianProcessSurrogate>;
}

export function createGpTrainer(options: GpOptions = {}): GpTrainer {
  const resolved = resolveGpOptions(options);
  return {
    kind: 'gp',
    options: resolved,
    fit: async (points, targets, random) => fitGp(points, targets, random, resolved),
  };
}

/** Squared coordinate differences per input: differences[k][i * n + j] = (x_ik - x_jk)^2. */
function squaredDifferences(inputs: Float64Array, n: number, d: number): Float64Array[] {
  const result: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    const diff = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const delta = inputs[i * d + k] - inputs[j * d + k];
        diff[i * n + j] = delta * delta;
        diff[j * n + i] = delta * delta;
      }
    }
    result.push(diff);
  }
  return result;
}

interface LikelihoodProblem {
  readonly n: number;
  readonly d: number;
  readonly targets: Float64Array;
  readonly differences: Float64Array[];
  /** Fixed constant mean, or undefined to profile it out. */
  readonly fixedMean: number | undefined;
}

/**
 * Negative log marginal likelihood and its gradient in theta = [log l_1..l_d, log s2, log noise].
 * Also returns the profiled mean.
 */
function negativeLogLikelihood(problem: LikelihoodProblem, theta: Float64Array): ObjectiveValue & { mean: number } {
  const { n, d, targets, differences } = problem;
  const gradient = new Float64Array(d + 2);
  const inverseSquaredLengths = new Float64Array(d);
  for (let k = 0; k < d; k++) inverseSquaredLengths[k] = Math.exp(-2 * theta[k]);
  const signalVariance = Math.exp(theta[d]);
  const noiseVariance = Math.exp(theta[d + 1]);

  const covariance = new Float64Array(n * n);
  // radial[i*n+j] = (5/3) s2 (1 + sqrt5 r) exp(-sqrt5 r): dK/dlog l_k = radial * diff_k / l_k^2.
  const radial = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += differences[k][i * n + j] * inverseSquaredLengths[k];
      const r = Math.sqrt(r2);
      const decay = Math.exp(-SQRT5 * r);
      const value = signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * decay;
      const slope = (5 / 3) * signalVariance * (1 + SQRT5 * r) * decay;
      covariance[i * n + j] = value;
      covariance[j * n + i] = value;
      radial[i * n + j] = slope;
      radial[j * n + i] = slope;
    }
    covariance[i * n + i] += noiseVariance;
  }
  const factor = covariance.slice();
  if (!choleskyInPlace(factor, n)) return { value: Infinity, gradient, mean: 0 };

  let mean: number;
  let alpha: Float64Array;
  if (problem.fixedMean === undefined) {
    // Generalised least squares: the constant mean that maximises the likelihood for this K.
    alpha = targets.slice();
    choleskySolveInPlace(factor, n, alpha);
    const onesSolved = new Float64Array(n).fill(1);
    choleskySolveInPlace(factor, n, onesSolved);
    let numerator = 0;
    let denominator = 0;
    for (let i = 0; i < n; i++) {
      numerator += alpha[i];
      denominator += onesSolved[i];
    }
    mean = numerator / denominator;
    for (let i = 0; i < n; i++) alpha[i] -= mean * onesSolved[i];
  } else {
    const fixedMean = problem.fixedMean;
    mean = fixedMean;
    alpha = targets.map((t) => t - fixedMean);
    choleskySolveInPlace(factor, n, alpha);
  }
  let value = 0.5 * n * LOG_2PI;
  for (let i = 0; i < n; i++) value += 0.5 * (targets[i] - mean) * alpha[i] + Math.log(factor[i * n + i]);

  // W = K^-1 - a a'; d(-log p)/d theta = 1/2 sum_ij W_ij dK_ij.
  const weights = choleskyInverse(factor, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) weights[i * n + j] -= alpha[i] * alpha[j];
  let signalTerm = 0;
  let noiseTerm = 0;
  for (let i = 0; i < n; i++) {
    noiseTerm += weights[i * n + i];
    for (let j = 0; j < n; j++) {
      const q = i * n + j;
      const signal = i === j ? covariance[q] - noiseVariance : covariance[q];
      signalTerm += weights[q] * signal;
    }
  }
  for (let k = 0; k < d; k++) {
    const diff = differences[k];
    let sum = 0;
    for (let q = 0; q < n * n; q++) sum += weights[q] * radial[q] * diff[q];
    gradient[k] = 0.5 * sum * inverseSquaredLengths[k];
  }
  gradient[d] = 0.5 * signalTerm;
  gradient[d + 1] = 0.5 * noiseVariance * noiseTerm;
  return { value, gradient, mean };
}

/** Log marginal likelihood of standardised targets under given hyperparameters (mean profiled when absent). */
export function gpLogMarginalLikelihood(
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  hyperparameters: Omit<GpHyperparameters, 'mean'> & { mean?: number },
): { logLikelihood: number; gradient: Float64Array; mean: number } {
  const d = checkTrainingSet(points, targets);
  const n = points.length;
  const problem: LikelihoodProblem = {
    n, d, targets: Float64Array.from(targets), differences: squaredDifferences(packPoints(points, d), n, d), fixedMean: hyperparameters.mean,
  };
  const theta = Float64Array.from([...hyperparameters.lengthscales.map(Math.log), Math.log(hyperparameters.signalVariance), Math.log(hyperparameters.noiseVariance)]);
  const result = negativeLogLikelihood(problem, theta);
  return { logLikelihood: -result.value, gradient: result.gradient.map((g) => -g), mean: result.mean };
}

async function fitGp(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random, options: ResolvedGpOptions): Promise<GaussianProcessSurrogate> {
  const d = checkTrainingSet(points, targets);
  const n = points.length;
  const inputs = packPoints(points, d);
  const { mean: targetMean, scale: targetScale } = options.standardizeTargets ? targetScaling(targets) : { mean: 0, scale: 1 };
  const standardised = Float64Array.from(targets, (t) => (t - targetMean) / targetScale);
  const problem: LikelihoodProblem = { n, d, targets: standardised, differences: squaredDifferences(inputs, n, d), fixedMean: options.fixed?.mean };
  const settings = { includeNoiseInStd: options.includeNoiseInStd, standardizeTargets: options.standardizeTargets };

  if (options.fixed !== undefined) {
    if (options.fixed.lengthscales.length !== d) throw new Error(`fixed lengthscales has ${options.fixed.lengthscales.length} entries, inputs have ${d}`);
    const theta = Float64Array.from([...options.fixed.lengthscales.map(Math.log), Math.log(options.fixed.signalVariance), Math.log(options.fixed.noiseVariance)]);
    const result = negativeLogLikelihood(problem, theta);
    const hyperparameters = { ...options.fixed, lengthscales: [...options.fixed.lengthscales], mean: result.mean };
    return new GaussianProcessSurrogate(inputs, d, Float64Array.from(targets), targetMean, targetScale, hyperparameters, settings, -result.value);
  }

  const logBounds = (b: readonly [number, number]) => [Math.log(b[0]), Math.log(b[1])] as const;
  const [lengthLo, lengthHi] = logBounds(options.lengthscaleBounds);
  const [signalLo, signalHi] = logBounds(options.signalVarianceBounds);
  const [noiseLo, noiseHi] = logBounds(options.noiseVarianceBounds);
  const lower = [...new Array<number>(d).fill(lengthLo), signalLo, noiseLo];
  const upper = [...new Array<number>(d).fill(lengthHi), signalHi, noiseHi];
  const clampTo = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));

  // Default start: lengthscales growing with sqrt(d) (typical distances in the unit cube do), unit signal, 1% noise.
  const starts: number[][] = [[
    ...new Array<number>(d).fill(clampTo(Math.log(0.3 * Math.sqrt(d)), lengthLo, lengthHi)),
    clampTo(0, signalLo, signalHi),
    clampTo(Math.log(1e-2), noiseLo, noiseHi),
  ]];
  const between = (lo: number, hi: number) => lo + (hi - lo) * random.uniform();
  for (let s = 1; s < options.restarts; s++) {
    starts.push([
      ...Array.from({ length: d }, () => clampTo(between(Math.log(0.1), Math.log(2 * Math.sqrt(d))), lengthLo, lengthHi)),
      clampTo(between(Math.log(0.3), Math.log(3)), signalLo, signalHi),
      clampTo(between(Math.log(1e-4), Math.log(0.3)), noiseLo, noiseHi),
    ]);
  }

  let best: { x: Float64Array; value: number } | undefined;
  for (const start of starts) {
    const result = minimizeBounded((theta) => negativeLogLikelihood(problem, theta), start, lower, upper, { maxIterations: options.maxIterations });
    if (Number.isFinite(result.value) && (best === undefined || result.value < best.value)) best = { x: result.x, value: result.value };
  }
  if (best === undefined) throw new Error('GP hyperparameter fit failed: the covariance matrix was never positive definite');
  const final = negativeLogLikelihood(problem, best.x);
  const hyperparameters: GpHyperparameters = {
    lengthscales: Array.from(best.x.subarray(0, d), Math.exp),
    signalVariance: Math.exp(best.x[d]),
    noiseVariance: Math.exp(best.x[d + 1]),
    mean: final.mean,
  };
  return new GaussianProcessSurrogate(inputs, d, Float64Array.from(targets), targetMean, targetScale, hyperparameters, settings, -final.value);
}

export interface GpSettings {
  readonly includeNoiseInStd: boolean;
  readonly standardizeTargets: boolean;
}

export class GaussianProcessSurrogate implements Surrogate {
  readonly kind = 'gp';
  readonly count: number;
  private readonly factor: Float64Array;
  private readonly alpha: Float64Array;
  /** Jitter that had to be added to the diagonal for a stable factorisation (usually 0). */
  readonly jitter: number;

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
  ) {
    if (hyperparameters.lengthscales.length !== inputDimension) throw new Error(`${hyperparameters.lengthscales.length} lengthscales for ${inputDimension} inputs`);
    this.count = targets.length;
    if (inputs.length !== this.count * inputDimension) throw new Error('inputs and targets disagree on the number of points');
    const n = this.count;
    const covariance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const value = this.kernel(inputs, i * inputDimension, inputs, j * inputDimension);
        covariance[i * n + j] = value;
        covariance[j * n + i] = value;
      }
      covariance[i * n + i] += hyperparameters.noiseVariance;
    }
    // Fall back to growing diagonal jitter only if the fitted noise alone does not make K positive definite.
    let jitter = 0;
    let factor = covariance.slice();
    while (!choleskyInPlace(factor, n)) {
      jitter = jitter === 0 ? 1e-10 * hyperparameters.signalVariance : jitter * 10;
      if (jitter > hyperparameters.signalVariance) throw new Error('GP covariance matrix is not positive definite');
      factor = covariance.slice();
      for (let i = 0; i < n; i++) factor[i * n + i] += jitter;
    }
    this.jitter = jitter;
    this.factor = factor;
    this.alpha = Float64Array.from(targets, (t) => (t - targetMean) / targetScale - hyperparameters.mean);
    choleskySolveInPlace(factor, n, this.alpha);
  }

  private kernel(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number): number {
    const { lengthscales, signalVariance } = this.hyperparameters;
    let r2 = 0;
    for (let k = 0; k < this.inputDimension; k++) {
      const delta = (a[aOffset + k] - b[bOffset + k]) / lengthscales[k];
      r2 += delta * delta;
    }
    const r = Math.sqrt(r2);
    return signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
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
    const n = this.count;
    const { lengthscales, signalVariance, noiseVariance } = this.hyperparameters;
    const packed = packPoints(points, d);
    const mean = new Float64Array(points.length);
    const std = new Float64Array(points.length);
    const meanGradient: Float64Array[] = [];
    const stdGradient: Float64Array[] = [];
    const cross = new Float64Array(n);
    const solved = new Float64Array(n);
    // dk(x, x_j)/dx_k = -(5/3) s2 (1 + sqrt5 r) exp(-sqrt5 r) (x_k - x_jk) / l_k^2, kept per j for the gradient.
    const crossSlope = withGradient ? new Float64Array(n) : undefined;
    for (let p = 0; p < points.length; p++) {
      const offset = p * d;
      let latentMean = this.hyperparameters.mean;
      for (let j = 0; j < n; j++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) {
          const delta = (packed[offset + k] - this.inputs[j * d + k]) / lengthscales[k];
          r2 += delta * delta;
        }
        const r = Math.sqrt(r2);
        const decay = Math.exp(-SQRT5 * r);
        cross[j] = signalVariance * (1 + SQRT5 * r + (5 / 3) * r2) * decay;
        if (crossSlope !== undefined) crossSlope[j] = (5 / 3) * signalVariance * (1 + SQRT5 * r) * decay;
        latentMean += cross[j] * this.alpha[j];
      }
      solved.set(cross);
      solveLowerInPlace(this.factor, n, solved);
      let explained = 0;
      for (let j = 0; j < n; j++) explained += solved[j] * solved[j];
      const latentVariance = Math.max(0, signalVariance - explained);
      const variance = latentVariance + (this.settings.includeNoiseInStd ? noiseVariance : 0);
      mean[p] = this.targetMean + this.targetScale * latentMean;
      const standardStd = Math.sqrt(variance);
      std[p] = this.targetScale * standardStd;

      if (crossSlope !== undefined) {
        // d var/dx = -2 (K^-1 k)' dk/dx, with K^-1 k = L^-T (L^-1 k).
        const weights = solved.slice();
        for (let i = n - 1; i >= 0; i--) {
          let sum = weights[i];
          for (let k = i + 1; k < n; k++) sum -= this.factor[k * n + i] * weights[k];
          weights[i] = sum / this.factor[i * n + i];
        }
        const gMean = new Float64Array(d);
        const gStd = new Float64Array(d);
        for (let j = 0; j < n; j++) {
          for (let k = 0; k < d; k++) {
            const slope = -crossSlope[j] * (packed[offset + k] - this.inputs[j * d + k]) / (lengthscales[k] * lengthscales[k]);
            gMean[k] += this.alpha[j] * slope;
            gStd[k] += -2 * weights[j] * slope;
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
      version: 1,
      inputDimension: d,
      points: Array.from({ length: this.count }, (_, i) => Array.from(this.inputs.subarray(i * d, (i + 1) * d))),
      targets: Array.from(this.targets),
      targetMean: this.targetMean,
      targetScale: this.targetScale,
      hyperparameters: { ...this.hyperparameters, lengthscales: [...this.hyperparameters.lengthscales] },
      includeNoiseInStd: this.settings.includeNoiseInStd,
      standardizeTargets: this.settings.standardizeTargets,
      ...(this.logMarginalLikelihood === undefined ? {} : { logMarginalLikelihood: this.logMarginalLikelihood }),
    };
  }
}

export const serializedGpSchema = z.strictObject({
  kind: z.literal('gp'),
  version: z.literal(1),
  inputDimension: z.number().int().min(1),
  points: z.array(z.array(finite)).min(1),
  targets: z.array(finite).min(1),
  targetMean: finite,
  targetScale: finite.refine((v) => v > 0, 'must be positive'),
  hyperparameters: gpHyperparametersSchema,
  includeNoiseInStd: z.boolean(),
  standardizeTargets: z.boolean(),
  logMarginalLikelihood: finite.optional(),
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
  );
}
