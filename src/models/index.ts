// Public surface of the surrogate models layer.
export type { FitContext, Prediction, PredictionWithGradient, SerializedSurrogate, Surrogate, SurrogateTrainer } from './surrogate.js';
export {
  createEnnTrainer, ennOptionsSchema, ennMemberParameterCount, EnsembleSurrogate,
  type EnnOptions, type EnnTrainer, type ResolvedEnnOptions,
} from './ensemble.js';
export { closeEnsembleWorkers } from './ensemble-pool.js';
export {
  createGpTrainer, gpOptionsSchema, gpLogMarginalLikelihood, GaussianProcessSurrogate,
  type GpHyperparameters, type GpOptions, type GpTrainer, type ResolvedGpOptions,
} from './gaussian-process.js';
export { closeGpWorkers } from './gp-pool.js';
export { kFoldSplits, meanAbsoluteError, rootMeanSquaredError, rSquared, trainTestSplit, type Split } from './metrics.js';
export { DEFAULT_ARCHITECTURES, searchEnnStructure, type StructureSearchOptions, type StructureSearchResult, type StructureTrial } from './structure-search.js';
export {
  DEFAULT_SURROGATE_KIND, defaultSurrogateSpec, loadSurrogate, registerSurrogate, singleThreadTrainerFromSpec, surrogates, surrogateSpecSchema, surrogateTrainerFromSpec,
  type SurrogateSpec,
} from './surrogates/registry.js';
export type { AnySurrogateDescriptor, SurrogateCapabilities, SurrogateDescriptor } from './surrogates/types.js';
export { createMlp, inputGradientBatch, mlpLoss, mlpParameterCount, predictBatch, trainMlp, type Activation, type Mlp } from './mlp.js';
