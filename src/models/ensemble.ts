// The ensemble neural network (ENN) surrogate: M small MLPs, each trained on its own
// bootstrap resample from its own initial weights (optionally with randomised hidden
// widths). The prediction is the mean across members and the uncertainty their sample
// standard deviation. Targets are standardised inside the model; inputs are used as given
// (dimensionless, in [0, 1]).
import { z } from 'zod';
import type { Random } from '../domain/random.js';
import type { MemberPlan, MemberTrainingJob } from './ensemble-members.js';
import { trainMembers } from './ensemble-pool.js';
import { inputGradientBatch, mlpLayerSizes, mlpParameterCount, predictBatch, type Activation, type Mlp } from './mlp.js';
import { checkTrainingSet, packPoints, targetScaling } from './points.js';
import type { Prediction, PredictionWithGradient, SerializedSurrogate, Surrogate, SurrogateTrainer } from './surrogate.js';

export const ennOptionsSchema = z.strictObject({
  /** Number of ensemble members. */
  members: z.number().int().min(1).max(200).default(10),
  /** Hidden layer widths, e.g. [16, 16]. */
  hiddenLayers: z.array(z.number().int().min(1).max(512)).max(6).default([16, 16]),
  activation: z.enum(['relu', 'tanh']).default('relu'),
  epochs: z.number().int().min(0).max(100_000).default(400),
  learningRate: z.number().positive().max(10).default(0.01),
  /** L2 penalty on the weights of standardised-target nets. */
  weightDecay: z.number().min(0).default(1e-3),
  /** Train each member on a bootstrap resample (else on all points). */
  bootstrap: z.boolean().default(true),
  /** Each member's hidden widths are drawn uniformly from round(w * (1 +- widthJitter)); 0 keeps them fixed. */
  widthJitter: z.number().min(0).max(0.95).default(0),
  /** Train members on worker threads: true, false, or 'auto' (only when the job is big enough). */
  parallel: z.union([z.boolean(), z.literal('auto')]).default('auto'),
  /**
   * Let the main thread train members too (fastest). false leaves all training to worker
   * threads so the event loop stays free, e.g. while a campaign talks to instruments.
   */
  mainThread: z.boolean().default(true),
});
export type EnnOptions = Omit<z.input<typeof ennOptionsSchema>, 'hiddenLayers'> & { readonly hiddenLayers?: readonly number[] };
export type ResolvedEnnOptions = z.output<typeof ennOptionsSchema>;

/** The training settings recorded with a fitted model (everything but how threads were used). */
export type EnnTrainingRecord = Omit<ResolvedEnnOptions, 'parallel' | 'mainThread'>;

export function resolveEnnOptions(options: EnnOptions = {}): ResolvedEnnOptions {
  const parsed = ennOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`invalid ENN options: ${z.prettifyError(parsed.error)}`);
  if (!parsed.data.mainThread && parsed.data.parallel === false) throw new Error('invalid ENN options: mainThread: false needs worker threads (parallel must not be false)');
  return { ...parsed.data, hiddenLayers: [...parsed.data.hiddenLayers] };
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

/** Layer sizes and generator state of every member, drawn in member order from `random`. */
export function planMembers(inputDimension: number, options: ResolvedEnnOptions, random: Random): MemberPlan[] {
  const plans: MemberPlan[] = [];
  for (let m = 0; m < options.members; m++) {
    const memberRandom = random.fork();
    const hidden = options.hiddenLayers.map((width) => {
      if (options.widthJitter === 0) return width;
      const factor = 1 + options.widthJitter * (2 * memberRandom.uniform() - 1);
      return Math.max(1, Math.round(width * factor));
    });
    plans.push({ layerSizes: mlpLayerSizes(inputDimension, hidden), randomState: memberRandom.state() });
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

  const job: MemberTrainingJob = {
    inputs,
    targets: standardised,
    count: points.length,
    activation: options.activation,
    epochs: options.epochs,
    learningRate: options.learningRate,
    weightDecay: options.weightDecay,
    bootstrap: options.bootstrap,
    members: planMembers(dimension, options, random),
  };
  const trained = await trainMembers(job, { parallel: options.parallel, useMainThread: options.mainThread });
  const nets: Mlp[] = job.members.map((plan, m) => ({
    layerSizes: [...plan.layerSizes],
    activation: options.activation,
    parameters: trained.parameters[m],
  }));
  const { parallel: _parallel, mainThread: _mainThread, ...training } = options;
  return new EnsembleSurrogate(dimension, mean, scale, nets, training);
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
  ) {
    if (nets.length === 0) throw new Error('an ensemble needs at least one member');
    for (const net of nets) {
      if (net.layerSizes[0] !== inputDimension) throw new Error(`member input size ${net.layerSizes[0]} does not match ${inputDimension}`);
    }
  }

  predict(points: readonly ArrayLike<number>[]): Prediction {
    const count = points.length;
    const inputs = packPoints(points, this.inputDimension);
    const members = this.nets.map((net) => {
      const out = predictBatch(net, inputs, count);
      for (let i = 0; i < count; i++) out[i] = this.targetMean + this.targetScale * out[i];
      return out;
    });
    const { mean, std } = memberMoments(members, count);
    return { mean, std, members };
  }

  predictWithGradient(points: readonly ArrayLike<number>[]): PredictionWithGradient {
    const count = points.length;
    const d = this.inputDimension;
    const inputs = packPoints(points, d);
    const members: Float64Array[] = [];
    const gradients: Float64Array[] = [];
    for (const net of this.nets) {
      const values = new Float64Array(count);
      const gradient = inputGradientBatch(net, inputs, count, undefined, values);
      for (let i = 0; i < count; i++) values[i] = this.targetMean + this.targetScale * values[i];
      for (let q = 0; q < gradient.length; q++) gradient[q] *= this.targetScale;
      members.push(values);
      gradients.push(gradient);
    }
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
    return { mean, std, members, meanGradient, stdGradient };
  }

  toJSON(): SerializedEnn {
    return {
      kind: 'enn',
      version: 1,
      inputDimension: this.inputDimension,
      targetMean: this.targetMean,
      targetScale: this.targetScale,
      activation: this.nets[0].activation,
      members: this.nets.map((net) => ({ layerSizes: [...net.layerSizes], parameters: Array.from(net.parameters) })),
      ...(this.training === undefined ? {} : { training: { ...this.training, hiddenLayers: [...this.training.hiddenLayers] } }),
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
  })).min(1),
  training: ennOptionsSchema.omit({ parallel: true, mainThread: true }).optional(),
}).superRefine((value, ctx) => {
  value.members.forEach((member, m) => {
    if (member.layerSizes[0] !== value.inputDimension) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'layerSizes'], message: `input size ${member.layerSizes[0]} differs from inputDimension ${value.inputDimension}` });
    }
    if (member.layerSizes[member.layerSizes.length - 1] !== 1) {
      ctx.addIssue({ code: 'custom', path: ['members', m, 'layerSizes'], message: 'the output layer must have one unit' });
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
  return new EnsembleSurrogate(value.inputDimension, value.targetMean, value.targetScale, nets, training);
}

function resolveTraining(training: NonNullable<z.output<typeof serializedEnnSchema>['training']>): EnnTrainingRecord {
  const { parallel: _parallel, mainThread: _mainThread, ...rest } = resolveEnnOptions(training);
  return rest;
}
