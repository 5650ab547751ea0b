// Acquisition functions. All are maximised and assume the objective is maximised too;
// the planner negates predictions for a minimised objective before calling them.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalPdf from '@stdlib/stats-base-dists-normal-pdf';
import type { Random } from '../domain/random.js';
import type { Prediction } from '../models/surrogate.js';

export const ACQUISITION_POLICIES = ['ei', 'ei-members', 'ucb', 'eplt', 'mv', 'random'] as const;
export type AcquisitionPolicy = (typeof ACQUISITION_POLICIES)[number];

/** UCB weight of the Abolhasani lab code (lambda = 1/sqrt(2)). */
export const DEFAULT_UCB_BETA = Math.SQRT1_2;

export interface AcquisitionOptions {
  /** EI margin: improvement counts only beyond best + xi (objective units, default 0). */
  xi?: number;
  /** UCB weight on the standard deviation (default 1/sqrt(2)). */
  beta?: number;
}

const standardCdf = normalCdf.factory(0, 1);
const standardPdf = normalPdf.factory(0, 1);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Closed-form expected improvement of a Gaussian N(mean, std^2) over `best`:
 * EI = std (phi(u) + u Phi(u)), u = (mean - best - xi) / std; max(mean - best - xi, 0) when std = 0.
 */
export function expectedImprovement(mean: number, std: number, best: number, xi = 0): number {
  const gap = mean - best - xi;
  if (!(std > 0)) return Math.max(gap, 0);
  const u = gap / std;
  return std * (standardPdf(u) + u * standardCdf(u));
}

/** log(phi(u) + u Phi(u)), accurate also far below the incumbent where EI underflows. */
export function logImprovementFactor(u: number): number {
  if (u > -3) return Math.log(standardPdf(u) + u * standardCdf(u));
  // With t = -u: phi(u) + u Phi(u) = phi(t) (1 - t R(t)), R the Mills ratio, and with the
  // continued fraction R(t) = 1 / (t + c), c = 1/(t + 2/(t + 3/(t + ...))), 1 - t R = c / (t + c).
  const t = -u;
  let tail = 0;
  for (let k = 200; k >= 2; k--) tail = k / (t + tail);
  const c = 1 / (t + tail);
  return -0.5 * t * t - LOG_SQRT_2PI + Math.log(c / (t + c));
}

/** log EI; -Infinity where EI is exactly 0 (std = 0 and mean <= best + xi). */
export function logExpectedImprovement(mean: number, std: number, best: number, xi = 0): number {
  const gap = mean - best - xi;
  if (!(std > 0)) return gap > 0 ? Math.log(gap) : Number.NEGATIVE_INFINITY;
  return Math.log(std) + logImprovementFactor(gap / std);
}

/** Empirical EI over ensemble members: mean over m of max(f_m - best - xi, 0). */
export function memberExpectedImprovement(memberValues: ArrayLike<number>, best: number, xi = 0): number {
  if (memberValues.length === 0) throw new Error('per-member EI needs at least one member prediction');
  let sum = 0;
  for (let m = 0; m < memberValues.length; m++) sum += Math.max(memberValues[m] - best - xi, 0);
  return sum / memberValues.length;
}

export function upperConfidenceBound(mean: number, std: number, beta = DEFAULT_UCB_BETA): number {
  return mean + beta * std;
}

export interface AcquisitionContext extends AcquisitionOptions {
  /** Best objective value observed so far (in the maximised orientation); needed by EI. */
  best?: number;
  /** Needed by the 'random' policy. */
  random?: Random;
}

/** The acquisition value of every predicted point under a policy. */
export function acquisitionValues(policy: AcquisitionPolicy, prediction: Prediction, context: AcquisitionContext): Float64Array {
  const { mean, std } = prediction;
  const n = mean.length;
  const values = new Float64Array(n);
  switch (policy) {
    case 'ei': {
      const best = requireBest(policy, context);
      for (let i = 0; i < n; i++) values[i] = expectedImprovement(mean[i], std[i], best, context.xi ?? 0);
      return values;
    }
    case 'ei-members': {
      const best = requireBest(policy, context);
      const members = prediction.members;
      if (!members || members.length === 0) {
        throw new Error("policy 'ei-members' needs a surrogate that returns ensemble member predictions (e.g. an ENN, not a GP)");
      }
      const xi = context.xi ?? 0;
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (const member of members) sum += Math.max(member[i] - best - xi, 0);
        values[i] = sum / members.length;
      }
      return values;
    }
    case 'ucb': {
      const beta = context.beta ?? DEFAULT_UCB_BETA;
      for (let i = 0; i < n; i++) values[i] = upperConfidenceBound(mean[i], std[i], beta);
      return values;
    }
    case 'eplt':
      values.set(mean);
      return values;
    case 'mv':
      values.set(std);
      return values;
    case 'random': {
      if (!context.random) throw new Error("policy 'random' needs a Random");
      for (let i = 0; i < n; i++) values[i] = context.random.uniform();
      return values;
    }
  }
}

/** Whether `acquisitionRanking` returns logarithms (then the optimiser must not rescale them). */
export function rankingIsLogScale(policy: AcquisitionPolicy): boolean {
  return policy === 'ei';
}

/**
 * What the optimiser maximises. Same argmax as `acquisitionValues`; for 'ei' it is log EI,
 * which keeps a usable slope far from the incumbent where EI itself underflows to 0.
 */
export function acquisitionRanking(policy: AcquisitionPolicy, prediction: Prediction, context: AcquisitionContext): Float64Array {
  if (!rankingIsLogScale(policy)) return acquisitionValues(policy, prediction, context);
  const best = requireBest(policy, context);
  const values = new Float64Array(prediction.mean.length);
  for (let i = 0; i < values.length; i++) values[i] = logExpectedImprovement(prediction.mean[i], prediction.std[i], best, context.xi ?? 0);
  return values;
}

function requireBest(policy: AcquisitionPolicy, context: AcquisitionContext): number {
  if (context.best === undefined || !Number.isFinite(context.best)) throw new Error(`policy '${policy}' needs the best observed value`);
  return context.best;
}
