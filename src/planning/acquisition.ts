// The acquisition functions' mathematics, used by the policies in policies/. All are
// maximised and assume the objective is maximised too; the planner negates predictions for
// a minimised objective before a policy sees them.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalPdf from '@stdlib/stats-base-dists-normal-pdf';

/** UCB weight of the Abolhasani lab code (lambda = 1/sqrt(2)). */
export const DEFAULT_UCB_BETA = Math.SQRT1_2;

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
