// The paper's ENN structure search: train the ensemble for each candidate architecture,
// smallest first, on one 80/20 split, and keep the smallest whose test R^2 reaches the
// target (0.8 in the paper). Every architecture tried is reported.
import { randomFromState, type Random } from '../domain/random.js';
import { createEnnTrainer, ennMemberParameterCount, type EnnOptions, type EnsembleSurrogate, type ResolvedEnnOptions } from './ensemble.js';
import { pick, pickNumbers, rootMeanSquaredError, rSquared, trainTestSplit, type Split } from './metrics.js';
import { checkTrainingSet } from './points.js';

export const DEFAULT_ARCHITECTURES: readonly (readonly number[])[] = [[4], [8], [16], [8, 8], [16, 16], [32, 32], [32, 32, 32]];

export interface StructureSearchOptions {
  /** Hidden-layer lists to try; tried in order of parameter count whatever order they are given in. */
  readonly architectures?: readonly (readonly number[])[];
  /** Test R^2 an architecture must reach (default 0.8, as in the paper). */
  readonly targetR2?: number;
  /** Share of points held out for testing (default 0.2). */
  readonly testFraction?: number;
  /** Everything else about the ensemble (members, epochs, ...); hiddenLayers is set per trial. */
  readonly ennOptions?: Omit<EnnOptions, 'hiddenLayers'>;
  /** Stop at the first architecture that reaches the target (default true); false tries all. */
  readonly stopAtFirst?: boolean;
}

export interface StructureTrial {
  readonly hiddenLayers: number[];
  /** Parameters of one member net. */
  readonly parameterCount: number;
  readonly trainR2: number;
  readonly testR2: number;
  readonly trainRmse: number;
  readonly testRmse: number;
}

export interface StructureSearchResult {
  /** The chosen architecture: the smallest that reached the target, else the best test R^2. */
  readonly hiddenLayers: number[];
  readonly reachedTarget: boolean;
  readonly targetR2: number;
  /** One row per architecture tried, smallest first. */
  readonly trials: StructureTrial[];
  /** Indices of the training and test points. */
  readonly split: Split;
  /** The chosen ensemble as trained on the training split (for parity plots). */
  readonly model: EnsembleSurrogate;
  /** ENN options with the chosen architecture, to refit on all points. */
  readonly options: ResolvedEnnOptions;
}

export async function searchEnnStructure(
  points: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
  random: Random,
  options: StructureSearchOptions = {},
): Promise<StructureSearchResult> {
  const dimension = checkTrainingSet(points, targets);
  const targetR2 = options.targetR2 ?? 0.8;
  const architectures = (options.architectures ?? DEFAULT_ARCHITECTURES)
    .map((hidden, order) => ({ hidden: [...hidden], order, size: ennMemberParameterCount(dimension, hidden) }))
    .sort((a, b) => a.size - b.size || a.order - b.order);
  if (architectures.length === 0) throw new Error('structure search needs at least one architecture');

  const split = trainTestSplit(points.length, options.testFraction ?? 0.2, random.fork());
  // Every architecture starts from the same member seeds, so differences come from the structure.
  const fitState = random.fork().state();
  const trainPoints = pick(points, split.train);
  const testPoints = pick(points, split.test);
  const trainTargets = pickNumbers(targets, split.train);
  const testTargets = pickNumbers(targets, split.test);

  const trials: StructureTrial[] = [];
  const models: { model: EnsembleSurrogate; options: ResolvedEnnOptions }[] = [];
  let chosen = -1;
  for (const { hidden, size } of architectures) {
    const trainer = createEnnTrainer({ ...options.ennOptions, hiddenLayers: hidden });
    const model = await trainer.fit(trainPoints, trainTargets, randomFromState(fitState));
    const trainMean = model.predict(trainPoints).mean;
    const testMean = model.predict(testPoints).mean;
    const trial: StructureTrial = {
      hiddenLayers: hidden,
      parameterCount: size,
      trainR2: rSquared(trainTargets, trainMean),
      testR2: rSquared(testTargets, testMean),
      trainRmse: rootMeanSquaredError(trainTargets, trainMean),
      testRmse: rootMeanSquaredError(testTargets, testMean),
    };
    trials.push(trial);
    models.push({ model, options: trainer.options });
    if (trial.testR2 >= targetR2) {
      if (chosen < 0) chosen = trials.length - 1;
      if (options.stopAtFirst ?? true) break;
    }
  }
  const reachedTarget = chosen >= 0;
  if (!reachedTarget) {
    // Best test R^2 instead; NaN (constant test targets) never wins.
    chosen = 0;
    trials.forEach((trial, i) => {
      if (trial.testR2 > trials[chosen].testR2 || Number.isNaN(trials[chosen].testR2)) chosen = i;
    });
  }
  return {
    hiddenLayers: [...trials[chosen].hiddenLayers],
    reachedTarget,
    targetR2,
    trials,
    split,
    model: models[chosen].model,
    options: models[chosen].options,
  };
}
