// One ensemble member's training as a pure function of its plan and the shared data, so
// the main thread and a worker thread produce bit-identical parameters for the same plan.
import { randomFromState } from '../domain/random.js';
import { additiveParameterMask, maskInitialWeights } from './additive-members.js';
import { createMlp, trainMlp, type Activation, type TrainingData } from './mlp.js';

export interface MemberPlan {
  /** [d, hidden..., 1]; hidden widths may differ between members. */
  readonly layerSizes: readonly number[];
  /** Generator state for this member's bootstrap draw and initial weights. */
  readonly randomState: readonly number[];
  /** The member's randomised prior at each training point: the net is trained on target - offset. */
  readonly targetOffsets?: Float64Array;
  /** An additive member (additive-members.ts): a sum of one-input functions. */
  readonly additive?: boolean;
}

/** Everything a thread needs to train any member of one ensemble (structured-clone safe). */
export interface MemberTrainingJob {
  /** Row-major inputs, count x dimension, in [0, 1]. */
  readonly inputs: Float64Array;
  /** Standardised targets. */
  readonly targets: Float64Array;
  readonly count: number;
  readonly activation: Activation;
  readonly epochs: number;
  readonly learningRate: number;
  readonly weightDecay: number;
  readonly bootstrap: boolean;
  readonly members: readonly MemberPlan[];
}

/**
 * A bootstrap resample as row weights: each row's weight is how often it was drawn. Same
 * loss and gradient as repeating rows, but only the distinct rows (~63%) cost work.
 */
export function bootstrapData(job: MemberTrainingJob, draw: (n: number) => number): TrainingData {
  const n = job.count;
  const dimension = job.inputs.length / n;
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) counts[draw(n)] += 1;
  let distinct = 0;
  for (let i = 0; i < n; i++) if (counts[i] > 0) distinct++;
  const inputs = new Float64Array(distinct * dimension);
  const targets = new Float64Array(distinct);
  const weights = new Float64Array(distinct);
  let row = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i] === 0) continue;
    inputs.set(job.inputs.subarray(i * dimension, (i + 1) * dimension), row * dimension);
    targets[row] = job.targets[i];
    weights[row] = counts[i];
    row++;
  }
  return { inputs, targets, weights, count: distinct };
}

/** Trains member `index` of the job and returns its packed parameters. */
export function trainMember(job: MemberTrainingJob, index: number): Float64Array {
  const plan = job.members[index];
  const random = randomFromState(plan.randomState);
  const own = plan.targetOffsets === undefined ? job : { ...job, targets: job.targets.map((t, i) => t - plan.targetOffsets![i]) };
  const data: TrainingData = own.bootstrap
    ? bootstrapData(own, (n) => random.int(n))
    : { inputs: own.inputs, targets: own.targets, count: own.count };
  const net = createMlp(plan.layerSizes, job.activation, random);
  const parameterMask = plan.additive === true ? additiveParameterMask(plan.layerSizes) : undefined;
  if (parameterMask !== undefined) maskInitialWeights(net, parameterMask);
  trainMlp(net, data, { epochs: job.epochs, learningRate: job.learningRate, weightDecay: job.weightDecay, ...(parameterMask ? { parameterMask } : {}) });
  return net.parameters;
}
