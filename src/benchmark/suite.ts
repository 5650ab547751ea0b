// The planner suite: test problems in 2 to 10 dimensions on which a model-based policy
// should clearly beat random search (bench/planner-suite.ts, docs/benchmark.md). Every
// problem has a known optimum, so regret is exact.
import { quantile } from './summary.js';

export interface SuiteProblem {
  /** A built-in objective name (src/benchmark/objectives/index.ts). */
  readonly objective: string;
  readonly dimension: number;
}

export const PLANNER_SUITE: readonly SuiteProblem[] = [
  { objective: 'branin', dimension: 2 },
  { objective: 'levy-4', dimension: 4 },
  { objective: 'rosenbrock-4', dimension: 4 },
  { objective: 'ackley-5', dimension: 5 },
  { objective: 'michalewicz-5', dimension: 5 },
  { objective: 'hartmann6', dimension: 6 },
  { objective: 'styblinski-tang-6', dimension: 6 },
  { objective: 'rotated-ackley-6', dimension: 6 },
  { objective: 'rotated-levy-8', dimension: 8 },
  { objective: 'shifted-rosenbrock-10', dimension: 10 },
];

/** Latin-hypercube design size and total evaluations (design included) per run. */
export const PLANNER_SUITE_INIT = 10;
export const PLANNER_SUITE_BUDGET = 40;

/** Share of policy-chosen points with at least one coordinate on a bound (within `tolerance` of the range). */
export function pinnedShare(
  runs: readonly { points: readonly Record<string, number>[]; reasons: readonly string[] }[],
  parameters: readonly { name: string; lower: number; upper: number }[],
  tolerance = 1e-6,
): number | null {
  let proposals = 0;
  let pinned = 0;
  for (const run of runs) {
    run.points.forEach((point, k) => {
      if (run.reasons[k] !== 'policy') return;
      proposals++;
      const onBound = parameters.some(({ name, lower, upper }) => {
        const u = (point[name] - lower) / (upper - lower);
        return u <= tolerance || u >= 1 - tolerance;
      });
      if (onBound) pinned++;
    });
  }
  return proposals === 0 ? null : pinned / proposals;
}

/** Median (the type-7 quantile at 1/2, as the benchmark summaries use). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Ratio of an entry's median final regret to a reference entry's (e.g. random's). Both 0 (both
 * found the optimum) counts as 1; a positive regret over a zero reference as Infinity.
 */
export function regretRatio(entry: number, reference: number): number {
  if (reference === 0) return entry === 0 ? 1 : Infinity;
  return entry / reference;
}
