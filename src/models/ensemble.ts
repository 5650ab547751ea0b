// The ensemble neural network (ENN) surrogate: M small MLPs, each trained from its own
// initial weights (optionally on its own bootstrap resample, and with randomised hidden
// widths). The prediction is the mean across members and the uncertainty their sample
// standard deviation. Targets are standardised inside the model; inputs are used as given
// (dimensionless, in [0, 1]).
// Two options make the spread grow with distance from the data (ensemble-priors.ts): a
// randomised prior function per member, and a distance-aware term added to the spread in
// quadrature. A third (ensemble-last-layer.ts) gives each member a Bayesian last layer whose
// posterior variance is added to the members' spread.
import { z } from 'zod';
import type { Random } from '../domain/random.js';
import { additiveHiddenLayers } from './additive-members.js';
import type { MemberPlan, MemberTrainingJob } from './ensemble-members.js';
import { fitLastLayer, lastLayerRowVariance, lastLayerVariance, type LastLayerPosterior } from './ensemble-last-layer.js';
import { distanceSpreadValues, drawRffPrior, rffPriorValues, type DistanceSpread, type RffPrior } from './ensemble-priors.js';
import { trainMembers } from './ensemble-pool.js';
import { featureVectorJacobian, inputGradientBatch, lastHiddenFeatures, lastHiddenWidth, mlpLayerSizes, mlpParameterCount, predictBatch, type Activation, type Mlp } from './mlp.js';
import { checkTrainingSet, packPoints, targetScaling } from './points.js';
import type { Prediction, PredictionWithGradient, SerializedSurrogate, Surrogate, SurrogateTrainer } from './surrogate.js';

/**
 * The defaults (no bootstrap, 32-32 relu, weight decay 1e-4, distance-aware spread 0.3 at
 * length 0.1) were chosen by leave-one-problem-out cross-validation over the planner suite
 * (src/benchmark/suite.ts, docs/benchmark.md "Planner suite"); until then they were bootstrap,
 * 16-16, 1e-3 and no distance term, whose spread grew towards the box faces.
 */
export const ennOptionsSchema = z.strictObject({
  /** Number of ensemble members. */
  members: z.number().int().min(1).max(200).default(10),
  /** Hidden layer widths, e.g. [16, 16]. */
  hiddenLayers: z.array(z.number().int().min(1).max(512)).max(6).default([32, 32]),
  activation: z.enum(['relu', 'tanh']).default('relu'),
  epochs: z.number().int().min(0).max(100_000).default(400),
  learningRate: z.number().positive().max(10).default(0.01),
  /** L2 penalty on the weights of standardised-target nets. */
  weightDecay: z.number().min(0).default(1e-4),
  /** Train each member on a bootstrap resample (else on all points). */
  bootstrap: z.boolean().default(false),
  /** Each member's hidden widths are drawn uniformly from round(w * (1 +- widthJitter)); 0 keeps them fixed. */
  widthJitter: z.number().min(0).max(0.95).default(0),
  /**
   * Randomised prior functions: with kind 'rff' each member adds its own fixed random function
   * (random Fourier features, `features` of them, of a squared-exponential GP with standard
   * deviation `scale` in standardised target units and lengthscale `lengthscale` x sqrt(d) in
   * unit space) and its net is fitted to the residual, so members disagree away from the data.
   */
  prior: z.strictObject({
    kind: z.enum(['none', 'rff']).default('none'),
    scale: z.number().min(0).max(100).default(0.3),
    lengthscale: z.number().positive().max(100).default(0.3),
    features: z.number().int().min(1).max(4096).default(64),
  }).prefault({}),
  /**
   * Distance-aware spread: scale (1 - exp(-r^2 / (2 (length sqrt(d))^2))), r the unit-space
   * distance to the nearest training point, in standardised target units, is added to the
   * members' spread in quadrature. scale 0 turns it off. Per-member values do not include it.
   */
  distanceSpread: z.strictObject({
    scale: z.number().min(0).max(100).default(0.3),
    length: z.number().positive().max(100).default(0.1),
  }).prefault({}),
  /**
   * Bayesian last layer (DNGO-style): each member's last hidden features get an evidence-fitted
   * Bayesian linear regression whose posterior variance is added to the members' spread (the
   * members' means are unchanged). Per-member values do not include it.
   */
  bayesianLastLayer: z.boolean().default(false),
  /**
   * Share of members that are additive (additive-members.ts): sums of one-input functions,
   * each hidden layer split into one block per input (at least one unit each). 0 keeps every
   * member a full net; the rest are full nets.
   */
  additiveShare: z.number().min(0).max(1).default(0),
  /** Train members on worker threads: true, false, or 'auto' (only when the job is big enough). */
  parallel: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  /**
   * Let the main thread train members too (fastest). false leaves all training to worker
   * threads so the event loop stays free, e.g. while a campaign talks to instruments.
   */
  mainThread: z.boolean().default(true),
});
export type EnnOptions = Omit<z.input<typeof ennOptionsSchema>, 'hiddenLayers'> & { readonly hiddenLayers?: readonly number[] };
/** A fitted ENN's extras: each member's prior function and the distance-aware spread. */
export interface EnnExtras {
  readonly priors?: readonly RffPrior[];
  readonly distanceSpread?: DistanceSpread;
  /** Each member's last-layer posterior (bayesianLastLayer). */
  readonly lastLayers?: readonly LastLayerPosterior[];
}
export type ResolvedEnnOptions = z.output<typeof ennOptionsSchema>;

/** The training settings recorded with a fitted model (everything but how threads were used). */
export type EnnTrainingRecord = Omit<ResolvedEnnOptions, 'parallel' | 'mainThread'>;

export function resolveEnnOptions(options: EnnOptions = {}): ResolvedEnnOptions {
  const parsed = ennOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`invalid ENN options: ${z.prettifyError(parsed.error)}`);
  if (!parsed.data.mainThread && parsed.data.parallel === false) throw new Error('invalid ENN options: mainThread: false needs worker threads (parallel must not be false)');
  return { ...parsed.data, hiddenLayers: [...parsed.data.hiddenLayers], prior: { ...parsed.data.prior }, distanceSpread: { ...parsed.data.distanceSpread } };
}

/** Parameters of one member net of the given architecture (for tables and budgets). */
export function ennMemberParameterCount(inputDimension: number, hiddenLayers: readonly number[]): number {
  return mlpParameterCount(mlpLayerSizes(inputDimension, hiddenLayers));
}

export interface EnnTrainer extends SurrogateTrainer {
  readonly kind: 'enn';
  readonly options: ResolvedEnnOptions;
  fit(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random): Promise<EnsembleSurrogate>;
}

export function createEnnTrainer(options: EnnOptions = {}): EnnTrainer {
  const resolved = resolveEnnOptions(options);
  return {
    kind: 'enn',
    options: resolved,
    fit: (points, targets, random) => fitEnn(points, targets, random, resolved),
  };
}

/**
 * Layer sizes and generator state of every member, drawn in member order from `random`, and
 * with a randomised prior each member's prior function (drawn from a fork of the member's stream).
 */
export function planMembers(inputDimension: number, options: ResolvedEnnOptions, random: Random): (MemberPlan & { prior?: RffPrior })[] {
  const plans: (MemberPlan & { prior?: RffPrior })[] = [];
  const { prior } = options;
  const additiveCount = Math.round(options.additiveShare * options.members);
  for (let m = 0; m < options.members; m++) {
    const memberRandom = random.fork();
    const additive = m < additiveCount;
    const jittered = options.hiddenLayers.map((width) => {
      if (options.widthJitter === 0) return width;
      const factor = 1 + options.widthJitter * (2 * memberRandom.uniform() - 1);
      return Math.max(1, Math.round(width * factor));
    });
    const hidden = additive ? additiveHiddenLayers(jittered, inputDimension) : jittered;
    const memberPrior = prior.kind === 'rff'
      ? drawRffPrior(inputDimension, prior.features, prior.lengthscale * Math.sqrt(inputDimension), prior.scale, memberRandom.fork())
      : undefined;
    plans.push({
      layerSizes: mlpLayerSizes(inputDimension, hidden),
      randomState: memberRandom.state(),
      ...(additive ? { additive: true } : {}),
      ...(memberPrior ? { prior: memberPrior } : {}),
    });
  }
  return plans;
}

async function fitEnn(
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  random: Random,
  options: ResolvedEnnOptions,
): Promise<EnsembleSurrogate> {
  const dimension = checkTrainingSet(points, targets);
  const inputs = packPoints(points, dimension);
  const { mean, scale } = targetScaling(targets);
  const standardised = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) standardised[i] = (targets[i] - mean) / scale;

  const plans = planMembers(dimension, options, random);
  const priors = options.prior.kind === 'rff' ? plans.map((plan) => plan.prior!) : undefined;
  const job: MemberTrainingJob = {
    inputs,
    targets: standardised,
    count: points.length,
    activation: options.activation,
    epochs: options.epochs,
    learningRate: options.learningRate,
    weightDecay: options.weightDecay,
    bootstrap: options.bootstrap,
    members: plans.map(({ prior, ...plan }) => (
      prior ? { ...plan, targetOffsets: rffPriorValues(prior, inputs, points.length, dimension) } : plan
    )),
  };
  const trained = await trainMembers(job, { parallel: options.parallel, useMainThread: options.mainThread });
  const nets: Mlp[] = job.members.map((plan, m) => ({
    layerSizes: [...plan.layerSizes],
    activation: options.activation,
    parameters: trained.parameters[m],
  }));
  const { parallel: _parallel, mainThread: _mainThread, ...training } = options;
  const lastLayers = options.bayesianLastLayer
    ? nets.map((net, m) => {
      const offsets = job.members[m].targetOffsets;
      const memberTargets = offsets === undefined ? standardised : standardised.map((t, i) => t - offsets[i]);
      return fitLastLayer(lastHiddenFeatures(net, inputs, points.length), points.length, lastHiddenWidth(net), memberTargets);
    })
    : undefined;
  const extras: EnnExtras = {
    ...(lastLayers ? { lastLayers } : {}),
    ...(priors ? { priors } : {}),
    ...(options.distanceSpread.scale > 0
      ? { distanceSpread: { scale: options.distanceSpread.scale, length: options.distanceSpread.length * Math.sqrt(dimension), points: inputs, count: points.length } }
      : {}),
  };
  return new EnsembleSurrogate(dimension, mean, scale, nets, training, extras);
}

export class EnsembleSurrogate implements Surrogate {
  readonly kind = 'enn';

  constructor(
    readonly inputDimension: number,
    /** Targets were standardised as (y - targetMean) / targetScale for training. */
    readonly targetMean: number,
    readonly targetScale: number,
    readonly nets: readonly Mlp[],
    readonly training?: EnnTrainingRecord,
    readonly extras: EnnExtras = {},
  ) {
    if (nets.length === 0) throw new Error('an ensemble needs at least one member');
    for (const net of nets) {
      if (net.layerSizes[0] !== inputDimension) throw new Error(`member input size ${net.layerSizes[0]} does not match ${inputDimension}`);
    }
    if (extras.priors !== undefined && extras.priors.length !== nets.length) throw new Error(`${extras.priors.length} prior functions for ${nets.length} members`);
    if (extras.lastLayers !== undefined) {
      if (extras.lastLayers.length !== nets.length) throw new Error(`${extras.lastLayers.length} last-layer posteriors for ${nets.length} members`);
      extras.lastLayers.forEach((posterior, m) => {
        if (posterior.size !== lastHiddenWidth(nets[m]) + 1) throw new Error(`member ${m}: last-layer posterior of size ${posterior.size} for ${lastHiddenWidth(nets[m])} features`);
      });
    }
  }

  predict(points: readonly ArrayLike<number>[]): Prediction {
    const count = points.length;
    const inputs = packPoints(points, this.inputDimension);
    const lastLayers = this.extras.lastLayers;
    // Mean over members of each member's last-layer variance (bayesianLastLayer), from the same forward pass.
    const added = lastLayers === undefined ? undefined : new Float64Array(count);
    const members = this.nets.map((net, m) => {
      const out = new Float64Array(count);
      if (lastLayers === undefined || added === undefined) predictBatch(net, inputs, count, out);
      else {
        const variance = lastLayerVariance(lastLayers[m], lastHiddenFeatures(net, inputs, count, out), count);
        for (let i = 0; i < count; i++) added[i] += variance[i] / lastLayers.length;
      }
      const prior = this.extras.priors?.[m];
      const offsets = prior === undefined ? undefined : rffPriorValues(prior, inputs, count, this.inputDimension);
      for (let i = 0; i < count; i++) out[i] = this.targetMean + this.targetScale * (out[i] + (offsets?.[i] ?? 0));
      return out;
    });
    const { mean, std } = memberMoments(members, count);
    if (added !== undefined) for (let i = 0; i < count; i++) std[i] = Math.sqrt(std[i] ** 2 + this.targetScale ** 2 * added[i]);
    const spread = this.extras.distanceSpread;
    if (spread !== undefined) {
      const extra = distanceSpreadValues(spread, inputs, count, this.inputDimension);
      for (let i = 0; i < count; i++) std[i] = Math.hypot(std[i], this.targetScale * extra[i]);
    }
    return { mean, std, members };
  }

  predictWithGradient(points: readonly ArrayLike<number>[]): PredictionWithGradient {
    const count = points.length;
    const d = this.inputDimension;
    const inputs = packPoints(points, d);
    const members: Float64Array[] = [];
    const gradients: Float64Array[] = [];
    const lastLayers = this.extras.lastLayers;
    // Bayesian last layer: B = mean_m phi_m' S_m phi_m and its input gradient, from each member's one forward pass.
    const added = new Float64Array(lastLayers === undefined ? 0 : count);
    const addedGradient = new Float64Array(lastLayers === undefined ? 0 : count * d);
    const memberAddedGradient = new Float64Array(lastLayers === undefined ? 0 : count * d);
    this.nets.forEach((net, m) => {
      const values = new Float64Array(count);
      let gradient: Float64Array;
      if (lastLayers === undefined) {
        gradient = inputGradientBatch(net, inputs, count, undefined, values);
      } else {
        gradient = new Float64Array(count * d);
        let row = 0;
        featureVectorJacobian(net, inputs, count, (features, slope) => {
          added[row++] += lastLayerRowVariance(lastLayers[m], features, 0, slope) / lastLayers.length;
        }, memberAddedGradient, values, gradient);
        for (let q = 0; q < count * d; q++) addedGradient[q] += memberAddedGradient[q] / lastLayers.length;
      }
      const prior = this.extras.priors?.[m];
      if (prior !== undefined) {
        const offsets = rffPriorValues(prior, inputs, count, d, gradient);
        for (let i = 0; i < count; i++) values[i] += offsets[i];
      }
      for (let i = 0; i < count; i++) values[i] = this.targetMean + this.targetScale * values[i];
      for (let q = 0; q < gradient.length; q++) gradient[q] *= this.targetScale;
      members.push(values);
      gradients.push(gradient);
    });
    const { mean, std } = memberMoments(members, count);
    const size = members.length;
    const meanGradient: Float64Array[] = [];
    const stdGradient: Float64Array[] = [];
    for (let i = 0; i < count; i++) {
      const gMean = new Float64Array(d);
      const gStd = new Float64Array(d);
      for (let m = 0; m < size; m++) {
        const deviation = members[m][i] - mean[i];
        for (let k = 0; k < d; k++) {
          const g = gradients[m][i * d + k];
          gMean[k] += g / size;
          // std = sqrt(sum (f_m - mean)^2 / (M - 1)); the mean's own slope cancels since sum (f_m - mean) = 0.
          gStd[k] += deviation * g;
        }
      }
      if (std[i] > 0) for (let k = 0; k < d; k++) gStd[k] /= (size - 1) * std[i];
      else gStd.fill(0);
      meanGradient.push(gMean);
      stdGradient.push(gStd);
    }
    if (lastLayers !== undefined) {
      // std = sqrt(s_members^2 + T^2 B): d std = (s_members d s_members + T^2 d B / 2) / std.
      const scaleSquared = this.targetScale ** 2;
      for (let i = 0; i < count; i++) {
        const total = Math.sqrt(std[i] ** 2 + scaleSquared * added[i]);
        const gStd = stdGradient[i];
        if (total > 0) for (let k = 0; k < d; k++) gStd[k] = (std[i] * gStd[k] + (scaleSquared * addedGradient[i * d + k]) / 2) / total;
        std[i] = total;
      }
    }
    const spread = this.extras.distanceSpread;
    if (spread !== undefined) {
      // std = hypot(s_members, T s_distance): d std = (s_members d s_members + T^2 s_distance d s_distance) / std.
      const extraGradient = new Float64Array(count * d);
      const extra = distanceSpreadValues(spread, inputs, count, d, extraGradient);
      for (let i = 0; i < count; i++) {
        const scaled = this.targetScale * extra[i];
        const total = Math.hypot(std[i], scaled);
        const gStd = stdGradient[i];
        if (total > 0) {
          for (let k = 0; k < d; k++) gStd[k] = (std[i] * gStd[k] + scaled * this.targetScale * extraGradient[i * d + k]) / total;
        }
        std[i] = total;
      }
    }
    return { mean, std, members, meanGradient, stdGradient };
  }

  toJSON(): SerializedEnn {
    const { priors, distanceSpread, lastLayers } = this.extras;
    return {
      kind: 'enn',
      version: 1,
      inputDimension: this.inputDimension,
      targetMean: this.targetMean,
      targetScale: this.targetScale,
      activation: this.nets[0].activation,
      members: this.nets.map((net, m) => ({
        layerSizes: [...net.layerSizes],
        parameters: Array.from(net.parameters),
        ...(priors === undefined ? {} : {
          prior: { frequencies: Array.from(priors[m].frequencies), phases: Array.from(priors[m].phases), amplitude: priors[m].amplitude },
        }),
        ...(lastLayers === undefined ? {} : { lastLayer: { covariance: Array.from(lastLayers[m].covariance) } }),
      })),
      ...(distanceSpread === undefined ? {} : {
        distanceSpread: { scale: distanceSpread.scale, length: distanceSpread.length, points: Array.from(distanceSpread.points) },
      }),
      ...(this.training === undefined ? {} : {
        training: { ...this.training, hiddenLayers: [...this.training.hiddenLayers], prior: { ...this.training.prior }, distanceSpread: { ...this.training.distanceSpread } },
      }),
    };
  }
}

/** Mean and sample standard deviation (M - 1 in the denominator; 0 for one member) across members. */
function memberMoments(members: readonly Float64Array[], count: number): { mean: Float64Array; std: Float64Array } {
  const size = members.length;
  const mean = new Float64Array(count);
  const std = new Float64Array(count);
  for (const values of members) for (let i = 0; i < count; i++) mean[i] += values[i];
  for (let i = 0; i < count; i++) mean[i] /= size;
  if (size > 1) {
    for (const values of members) {
      for (let i = 0; i < count; i++) {
        const deviation = values[i] - mean[i];
        std[i] += deviation * deviation;
      }
    }
    for (let i = 0; i < count; i++) std[i] = Math.sqrt(std[i] / (size - 1));
  }
  return { mean, std };
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const serializedEnnSchema = z.strictObject({
  kind: z.literal('enn'),
  version: z.literal(1),
  inputDimension: z.number().int().min(1),
  targetMean: finite,
  targetScale: finite.refine((v) => v > 0, 'must be positive'),
  activation: z.enum(['relu', 'tanh']),
  members: z.array(z.strictObject({
    layerSizes: z.array(z.number().int().min(1)).min(2),
    parameters: z.array(finite),
    /** The member's randomised prior function (random Fourier features; ensemble-priors.ts), if any. */
    prior: z.strictObject({ frequencies: z.array(finite), phases: z.array(finite).min(1), amplitude: finite }).optional(),
    /** The member's Bayesian last layer: posterior covariance of its (H + 1) last-layer weights, row-major. */
    lastLayer: z.strictObject({ covariance: z.array(finite).min(1) }).optional(),
  })).min(1),
  /** The distance-aware spread: scale, unit-space length and the training points (row-major). */
  distanceSpread: z.strictObject({
    scale: finite.refine((v) => v >= 0, 'must be >= 0'),
    length: finite.refine((v) => v > 0, 'must be positive'),
    points: z.array(finite).min(1),
  }).optional(),
  training: ennOptionsSchema.omit({ parallel: true, mainThread: true }).optional(),
}).superRefine((value, ctx) => {
  const withPrior = value.members.filter((member) => member.prior !== undefined).length;
  if (withPrior !== 0 && withPrior !== value.members.length) ctx.addIssue({ code: 'custom', path: ['members'], message: 'either every member has a prior function or none has' });
  const withLastLayer = value.members.filter((member) => member.lastLayer !== undefined).length;
  if (withLastLayer !== 0 && withLastLayer !== value.members.length) ctx.addIssue({ code: 'custom', path: ['members'], message: 'either every member has a Bayesian last layer or none has' });
  if (value.distanceSpread !== undefined && value.distanceSpread.points.length % value.inputDimension !== 0) {
    ctx.addIssue({ code: 'custom', path: ['distanceSpread', 'points'], message: `${value.distanceSpread.points.length} values do not make points of dimension ${value.inputDimension}` });
  }
  value.members.forEach((member, m) => {
    if (member.layerSizes[0] !== value.inputDimension) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'layerSizes'], message: `input size ${member.layerSizes[0]} differs from inputDimension ${value.inputDimension}` });
    }
    if (member.layerSizes[member.layerSizes.length - 1] !== 1) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'layerSizes'], message: 'the output layer must have one unit' });
    }
    if (member.prior !== undefined && member.prior.frequencies.length !== member.prior.phases.length * value.inputDimension) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'prior'], message: `has ${member.prior.frequencies.length} frequencies, ${member.prior.phases.length} features in ${value.inputDimension} dimensions need ${member.prior.phases.length * value.inputDimension}` });
    }
    const features = member.layerSizes[member.layerSizes.length - 2] + 1;
    if (member.lastLayer !== undefined && member.lastLayer.covariance.length !== features * features) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'lastLayer', 'covariance'], message: `has ${member.lastLayer.covariance.length} values, ${features} last-layer weights need ${features * features}` });
    }
    const expected = mlpParameterCount(member.layerSizes);
    if (member.parameters.length !== expected) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'parameters'], message: `has ${member.parameters.length} values, layer sizes need ${expected}` });
    }
  });
});
export type SerializedEnn = z.output<typeof serializedEnnSchema> & SerializedSurrogate;

/** Rebuilds an ENN from `toJSON()` output that has already passed `serializedEnnSchema`. */
export function ennFromSerialized(value: z.output<typeof serializedEnnSchema>): EnsembleSurrogate {
  const activation: Activation = value.activation;
  const nets = value.members.map((member) => ({
    layerSizes: [...member.layerSizes],
    activation,
    parameters: Float64Array.from(member.parameters),
  }));
  const training = value.training === undefined ? undefined : resolveTraining(value.training);
  const priors = value.members.every((member) => member.prior !== undefined)
    ? value.members.map(({ prior }) => ({ frequencies: Float64Array.from(prior!.frequencies), phases: Float64Array.from(prior!.phases), amplitude: prior!.amplitude }))
    : undefined;
  const spread = value.distanceSpread;
  const lastLayers = value.members.every((member) => member.lastLayer !== undefined)
    ? value.members.map(({ lastLayer, layerSizes }) => ({ size: layerSizes[layerSizes.length - 2] + 1, covariance: Float64Array.from(lastLayer!.covariance) }))
    : undefined;
  const extras: EnnExtras = {
    ...(lastLayers ? { lastLayers } : {}),
    ...(priors ? { priors } : {}),
    ...(spread ? { distanceSpread: { scale: spread.scale, length: spread.length, points: Float64Array.from(spread.points), count: spread.points.length / value.inputDimension } } : {}),
  };
  return new EnsembleSurrogate(value.inputDimension, value.targetMean, value.targetScale, nets, training, extras);
}

function resolveTraining(training: NonNullable<z.output<typeof serializedEnnSchema>['training']>): EnnTrainingRecord {
  const { parallel: _parallel, mainThread: _mainThread, ...rest } = resolveEnnOptions(training);
  return rest;
}
