// Per-policy statistics over replicates: median and interquartile range of the best value
// found and of the regret after a few budgets. Pure functions of the job results.
import type { Direction } from './objectives/types.js';

export interface Spread {
  median: number;
  q25: number;
  q75: number;
  /** Replicates that had a value at this budget. */
  count: number;
}

export interface CheckpointSummary {
  evaluations: number;
  bestSoFar: Spread | null;
  regret: Spread | null;
}

export interface PolicySummary {
  policy: string;
  replicates: number;
  checkpoints: CheckpointSummary[];
  /** Median planner time per policy-chosen point (fit + acquisition), ms; null when none was chosen by the policy. */
  medianIterationMs: number | null;
}

export interface SummarizableResult {
  policy: string;
  bestSoFar: readonly (number | null)[];
  regret: readonly (number | null)[] | null;
  iterationMs: readonly number[];
  reasons: readonly string[];
}

/** Quantile with linear interpolation between order statistics (type 7, as numpy's default). */
export function quantile(values: readonly number[], probability: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function spread(values: readonly (number | null)[]): Spread | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return null;
  return { median: quantile(present, 0.5), q25: quantile(present, 0.25), q75: quantile(present, 0.75), count: present.length };
}

/** After the initial design, at half the budget, and at the full budget (distinct, ascending). */
export function defaultCheckpoints(init: number, budget: number): number[] {
  return [...new Set([init, Math.max(init, Math.round(budget / 2)), budget])].filter((n) => n >= 1).sort((a, b) => a - b);
}

/** Running best (max or min) of the values; null until the first non-null value. */
export function runningBest(values: readonly (number | null)[], direction: Direction): (number | null)[] {
  const sign = direction === 'maximize' ? 1 : -1;
  let best: number | null = null;
  return values.map((v) => {
    if (v !== null && (best === null || sign * v > sign * best)) best = v;
    return best;
  });
}

/** Distance of the running best from the optimum, >= 0 up to noise: optimum - best (maximise) or best - optimum (minimise). */
export function regretCurve(bestSoFar: readonly (number | null)[], optimum: number, direction: Direction): (number | null)[] {
  const sign = direction === 'maximize' ? 1 : -1;
  return bestSoFar.map((b) => (b === null ? null : sign * (optimum - b)));
}

export function summarizePolicies(results: readonly SummarizableResult[], policies: readonly string[], checkpoints: readonly number[]): PolicySummary[] {
  return policies.map((policy) => {
    const runs = results.filter((r) => r.policy === policy);
    const policyIterationMs = runs.flatMap((r) => r.iterationMs.filter((_, k) => r.reasons[k] === 'policy'));
    return {
      policy,
      replicates: runs.length,
      checkpoints: checkpoints.map((evaluations) => ({
        evaluations,
        bestSoFar: spread(runs.map((r) => r.bestSoFar[evaluations - 1] ?? null)),
        regret: runs.every((r) => r.regret !== null) ? spread(runs.map((r) => r.regret?.[evaluations - 1] ?? null)) : null,
      })),
      medianIterationMs: policyIterationMs.length > 0 ? quantile(policyIterationMs, 0.5) : null,
    };
  });
}
