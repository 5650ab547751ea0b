// Which inputs does the digital twin rely on? Shapley values of the twin's mean prediction
// for each explained experiment (paper Fig. 7A), a ranking of inputs by mean |SHAP|, the
// direction of each input's effect, and warnings when the data are too thin to trust them.
import type { Random } from '../domain/random.js';
import { toPhysical, type ParameterSpace } from '../domain/space.js';
import type { Surrogate } from '../models/surrogate.js';
import type { BatchModel } from './row-batcher.js';
import { exactShapley, type ShapleyValues } from './shapley-exact.js';
import { permutationShapley } from './shapley-permutation.js';
import { mean, pearsonCorrelation } from './statistics.js';

/** Above this many inputs 'auto' switches from exact enumeration to permutation sampling. */
export const AUTO_EXACT_MAX_INPUTS = 12;
/** Fewer training experiments per input than this and the values are rough. */
export const MIN_EXPERIMENTS_PER_INPUT = 10;
/** A smaller background set makes E[f] and v(S) noisy. */
export const MIN_BACKGROUND_SIZE = 10;
/** The paper's acceptance threshold for the twin's test R^2. */
export const MIN_TWIN_R2 = 0.8;
/** |correlation(feature, SHAP)| at or above this counts as a clear trend. */
export const TREND_CORRELATION = 0.5;

export type ShapleyMethod = 'auto' | 'exact' | 'permutation';

export interface ShapleyOptions {
  /** Reference inputs (unit cube) that "absent" inputs are drawn from; usually the training inputs. */
  background: readonly ArrayLike<number>[];
  /** Input names (default: from `space`, else x1..xd). */
  names?: readonly string[];
  /** When given: names and physical feature values for plotting. */
  space?: ParameterSpace;
  /** 'auto' (default): exact up to 12 inputs, permutation sampling above. */
  method?: ShapleyMethod;
  /** Needed by the permutation estimator. */
  random?: Random;
  /** Antithetic ordering pairs per explained point for the permutation estimator (default 64). */
  permutationPairs?: number;
  /** Largest number of rows per predict call (default 100 000). */
  maxRowsPerCall?: number;
  /** Experiments the twin was trained on (default: the number of explained points). */
  trainingSize?: number;
  /** The twin's (test or cross-validated) R^2, if known: a poor twin gets a warning. */
  twinR2?: number;
}

export type Trend = 'increasing' | 'decreasing' | 'unclear';

export interface InputImportance {
  index: number;
  name: string;
  /** Mean over explained points of |SHAP value|: the ranking criterion. */
  meanAbsoluteShap: number;
  /** meanAbsoluteShap as a fraction of the sum over all inputs (0 when every value is 0). */
  share: number;
  /** Pearson correlation between the input's value and its SHAP value over explained points (NaN if either is constant). */
  correlation: number;
  /** 'increasing': the prediction tends to rise with this input (correlation >= 0.5). */
  trend: Trend;
}

export interface ShapleyAnalysis {
  method: 'exact' | 'permutation';
  names: string[];
  /** Explained points, unit cube (n x d): the colour of a beeswarm plot. */
  features: number[][];
  /** Explained points in physical units, when a space is given. */
  physicalFeatures?: number[][];
  /** SHAP values (n x d) of the twin's mean prediction. */
  values: number[][];
  /** Standard errors of the values (permutation estimator only). */
  standardErrors?: number[][];
  /** E[f] over the background: values[p] sums to predictions[p] - baseline. */
  baseline: number;
  predictions: number[];
  /** Per input, in input order. */
  importance: InputImportance[];
  /** The same entries from most to least important (ties keep input order). */
  ranking: InputImportance[];
  backgroundSize: number;
  warnings: string[];
}

/** Shapley analysis of a surrogate's mean prediction at the given points (unit cube). */
export function shapleyAnalysis(surrogate: Surrogate, points: readonly ArrayLike<number>[], options: ShapleyOptions): ShapleyAnalysis {
  const d = surrogate.inputDimension;
  if (points.length === 0) throw new Error('Shapley analysis needs at least one point to explain');
  if (options.background.length > 0 && options.background[0].length !== d) {
    throw new Error(`background has ${options.background[0].length} inputs, the surrogate takes ${d}`);
  }
  const names = inputNames(d, options.names, options.space);
  const model: BatchModel = (rows) => surrogate.predict(rows).mean;
  const method = options.method ?? 'auto';
  const useExact = method === 'exact' || (method === 'auto' && d <= AUTO_EXACT_MAX_INPUTS);
  let result: ShapleyValues;
  let standardErrors: Float64Array[] | undefined;
  if (useExact) {
    result = exactShapley(model, points, options.background, { maxRowsPerCall: options.maxRowsPerCall });
  } else {
    if (!options.random) throw new Error(`the permutation Shapley estimator (used for ${d} inputs) needs options.random`);
    const sampled = permutationShapley(model, points, options.background, options.random, {
      maxRowsPerCall: options.maxRowsPerCall,
      permutationPairs: options.permutationPairs,
    });
    result = sampled;
    standardErrors = sampled.standardErrors;
  }
  const values = result.values.map((row) => Array.from(row));
  const features = points.map((point) => Array.from(point));
  const meanAbsolute = names.map((_, i) => mean(values.map((row) => Math.abs(row[i]))));
  const totalAbsolute = meanAbsolute.reduce((a, b) => a + b, 0);
  const importance = names.map((name, i): InputImportance => {
    const correlation = pearsonCorrelation(features.map((row) => row[i]), values.map((row) => row[i]));
    return {
      index: i,
      name,
      meanAbsoluteShap: meanAbsolute[i],
      share: totalAbsolute > 0 ? meanAbsolute[i] / totalAbsolute : 0,
      correlation,
      trend: trendOf(correlation),
    };
  });
  const ranking = [...importance].sort((a, b) => b.meanAbsoluteShap - a.meanAbsoluteShap || a.index - b.index);
  return {
    method: useExact ? 'exact' : 'permutation',
    names,
    features,
    physicalFeatures: options.space ? points.map((point) => toPhysical(options.space!, point)) : undefined,
    values,
    standardErrors: standardErrors?.map((row) => Array.from(row)),
    baseline: result.baseline,
    predictions: Array.from(result.predictions),
    importance,
    ranking,
    backgroundSize: options.background.length,
    warnings: shapleyWarnings(d, points.length, options),
  };
}

function shapleyWarnings(d: number, explained: number, options: ShapleyOptions): string[] {
  const warnings: string[] = [];
  const trainingSize = options.trainingSize ?? explained;
  if (trainingSize < MIN_EXPERIMENTS_PER_INPUT * d) {
    warnings.push(
      `only ${trainingSize} experiments for ${d} inputs (fewer than ${MIN_EXPERIMENTS_PER_INPUT} per input): ` +
        'the twin is thinly supported, so read the ranking and trends as rough',
    );
  }
  if (options.background.length < MIN_BACKGROUND_SIZE) {
    warnings.push(`background set of ${options.background.length} points (fewer than ${MIN_BACKGROUND_SIZE}): the baseline and the values are noisy`);
  }
  if (options.twinR2 !== undefined && !(options.twinR2 >= MIN_TWIN_R2)) {
    warnings.push(`the twin's R^2 is ${formatNumber(options.twinR2)} (below ${MIN_TWIN_R2}): Shapley values explain the twin, not the chemistry`);
  }
  if (explained < 2) warnings.push('fewer than 2 explained points: trends (correlations) are undefined');
  return warnings;
}

function trendOf(correlation: number): Trend {
  if (correlation >= TREND_CORRELATION) return 'increasing';
  if (correlation <= -TREND_CORRELATION) return 'decreasing';
  return 'unclear';
}

export function inputNames(d: number, names: readonly string[] | undefined, space: ParameterSpace | undefined): string[] {
  const chosen = names ?? space?.parameters.map((p) => p.name) ?? Array.from({ length: d }, (_, i) => `x${i + 1}`);
  if (chosen.length !== d) throw new Error(`${chosen.length} input names for ${d} inputs`);
  return [...chosen];
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value);
}
