// The planner suite: test problems in 2 to 10 dimensions on which a model-based policy
// should clearly beat random search (bench/planner-suite.ts, docs/benchmark.md). Every
// problem has a known optimum, so regret is exact.
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
