// Public face of the insights layer: analyses of a digital twin and of campaigns.
export type { Direction } from './direction.js';
export { mean, pearsonCorrelation, quantile, sampleStandardDeviation } from './statistics.js';
export * from './twin-quality.js';
export { DEFAULT_MAX_ROWS_PER_CALL, type BatchModel } from './row-batcher.js';
export { coalitionWeights, exactShapley, EXACT_SHAPLEY_MAX_INPUTS, type BatchingOptions, type ShapleyValues } from './shapley-exact.js';
export { permutationShapley, type PermutationShapleyOptions, type PermutationShapleyValues } from './shapley-permutation.js';
export * from './shapley.js';
export * from './response-surface.js';
export * from './policy-comparison.js';
