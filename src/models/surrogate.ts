// The contract every surrogate model meets (ENN, GP, ...). Inputs are dimensionless
// points in [0, 1]^d; outputs are in the objective's own units.
import type { Random } from '../domain/random.js';

export interface Prediction {
  mean: Float64Array;
  std: Float64Array;
  /** Per-member predictions for ensembles: members[m][i]; absent for a GP. */
  members?: Float64Array[];
}

/** A prediction with its slopes, for gradient-based acquisition optimisation. */
export interface PredictionWithGradient extends Prediction {
  /** meanGradient[i][k] = d mean(x_i) / d x_ik. */
  meanGradient: Float64Array[];
  /** stdGradient[i][k] = d std(x_i) / d x_ik (0 where std is 0). */
  stdGradient: Float64Array[];
}

export interface Surrogate {
  readonly kind: string;
  readonly inputDimension: number;
  predict(points: readonly ArrayLike<number>[]): Prediction;
  /** Optional: mean and std with their input gradients (the ENN and the GP provide it). */
  predictWithGradient?(points: readonly ArrayLike<number>[]): PredictionWithGradient;
  /** Plain JSON that `loadSurrogate` turns back into an identical model. */
  toJSON(): SerializedSurrogate;
  /** Optional: small plain JSON a trainer of the same kind may start its next fit from (the GP's hyperparameters). */
  warmStart?(): unknown;
}

export interface SerializedSurrogate {
  kind: string;
  [key: string]: unknown;
}

/** What a fit may start from besides the data. */
export interface FitContext {
  /**
   * `warmStart()` of an earlier model, or that value restored from JSON. A trainer that can
   * use it starts there (the fit stays a pure function of data, warm start and random); any
   * other trainer ignores it.
   */
  readonly warmStart?: unknown;
}

export interface SurrogateTrainer {
  readonly kind: string;
  /** Fit on points (n x d, in [0,1]) and targets (n). May train ensemble members in parallel. */
  fit(points: readonly ArrayLike<number>[], targets: ArrayLike<number>, random: Random, context?: FitContext): Promise<Surrogate>;
}
