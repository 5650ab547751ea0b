// Comparing decision policies (EI, UCB, exploitation, random, ...) over replicate
// campaigns: best-so-far curves (paper Fig. 8A), the spread across replicates per
// iteration, when each run found its best, and which inputs each run chose (Fig. 8B).
// Iterations are numbered from 1.
import { mean, quantile, sampleStandardDeviation } from './statistics.js';
import type { Direction } from './direction.js';

export interface PolicyRun {
  policy: string;
  replicate: number | string;
  /** Objective values in evaluation order; NaN marks a failed experiment. */
  values: readonly number[];
  direction: Direction;
  /** Inputs chosen at each iteration (same length as values), unit cube or physical. */
  inputs?: readonly ArrayLike<number>[];
}

export interface RunSummary {
  policy: string;
  replicate: number | string;
  /** Best value up to and including each iteration (NaN before the first finite value). */
  bestSoFar: number[];
  /** Best value of the whole run (NaN when no value is finite). */
  bestValue: number;
  /** First iteration at which the run reached bestValue (NaN when there is none). */
  iterationOfBest: number;
}

export interface IterationSpread {
  iteration: number;
  /** Replicates that reached this iteration with a finite best-so-far. */
  count: number;
  median: number;
  lowerQuartile: number;
  upperQuartile: number;
  mean: number;
  /** Sample standard deviation across replicates (NaN for one replicate). */
  std: number;
}

export interface PolicySummary {
  policy: string;
  direction: Direction;
  replicates: number;
  /** Spread of the best-so-far value across replicates at each iteration. */
  iterations: IterationSpread[];
  medianBestValue: number;
  medianIterationOfBest: number;
}

export interface InputChoice {
  policy: string;
  replicate: number | string;
  iteration: number;
  input: string;
  value: number;
}

export interface PolicyComparison {
  runs: RunSummary[];
  /** In order of first appearance. */
  policies: PolicySummary[];
  /** Long-format rows, one per run, iteration and input (empty when no run has inputs). */
  inputChoices: InputChoice[];
}

export interface PolicyComparisonOptions {
  /** Names of the inputs in `inputs` (default x1..xd). */
  inputNames?: readonly string[];
}

/** Running best: max (or min) of the finite values so far; failed (NaN) experiments do not count. */
export function bestSoFar(values: readonly number[], direction: Direction): number[] {
  const better = direction === 'maximize' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  let best = Number.NaN;
  return values.map((value) => {
    if (Number.isFinite(value) && (Number.isNaN(best) || better(value, best))) best = value;
    return best;
  });
}

export function summarizeRun(run: PolicyRun): RunSummary {
  const curve = bestSoFar(run.values, run.direction);
  const bestValue = curve.length > 0 ? curve[curve.length - 1] : Number.NaN;
  const first = Number.isNaN(bestValue) ? -1 : curve.indexOf(bestValue);
  return { policy: run.policy, replicate: run.replicate, bestSoFar: curve, bestValue, iterationOfBest: first < 0 ? Number.NaN : first + 1 };
}

export function comparePolicies(runs: readonly PolicyRun[], options: PolicyComparisonOptions = {}): PolicyComparison {
  checkRuns(runs);
  const summaries = runs.map(summarizeRun);
  const order: string[] = [];
  for (const run of runs) if (!order.includes(run.policy)) order.push(run.policy);
  const policies = order.map((policy): PolicySummary => {
    const mine = summaries.filter((s) => s.policy === policy);
    const longest = Math.max(...mine.map((s) => s.bestSoFar.length));
    const iterations: IterationSpread[] = [];
    for (let t = 0; t < longest; t++) {
      const values = mine.map((s) => s.bestSoFar[t]).filter((v) => v !== undefined && !Number.isNaN(v));
      iterations.push({
        iteration: t + 1,
        count: values.length,
        median: quantile(values, 0.5),
        lowerQuartile: quantile(values, 0.25),
        upperQuartile: quantile(values, 0.75),
        mean: mean(values),
        std: sampleStandardDeviation(values),
      });
    }
    const finite = (values: number[]) => values.filter((v) => !Number.isNaN(v));
    return {
      policy,
      direction: runs.find((r) => r.policy === policy)!.direction,
      replicates: mine.length,
      iterations,
      medianBestValue: quantile(finite(mine.map((s) => s.bestValue)), 0.5),
      medianIterationOfBest: quantile(finite(mine.map((s) => s.iterationOfBest)), 0.5),
    };
  });
  return { runs: summaries, policies, inputChoices: inputChoices(runs, options.inputNames) };
}

function inputChoices(runs: readonly PolicyRun[], names: readonly string[] | undefined): InputChoice[] {
  const rows: InputChoice[] = [];
  for (const run of runs) {
    run.inputs?.forEach((point, t) => {
      if (names && names.length !== point.length) throw new Error(`${names.length} input names for ${point.length} inputs`);
      for (let i = 0; i < point.length; i++) {
        rows.push({ policy: run.policy, replicate: run.replicate, iteration: t + 1, input: names?.[i] ?? `x${i + 1}`, value: point[i] });
      }
    });
  }
  return rows;
}

function checkRuns(runs: readonly PolicyRun[]): void {
  const seen = new Set<string>();
  const directions = new Map<string, Direction>();
  for (const run of runs) {
    const key = JSON.stringify([run.policy, run.replicate]);
    if (seen.has(key)) throw new Error(`policy '${run.policy}' has replicate ${run.replicate} twice`);
    seen.add(key);
    const direction = directions.get(run.policy);
    if (direction !== undefined && direction !== run.direction) throw new Error(`policy '${run.policy}' mixes maximize and minimize runs`);
    directions.set(run.policy, run.direction);
    if (run.inputs && run.inputs.length !== run.values.length) {
      throw new Error(`run ${run.policy}/${run.replicate}: ${run.inputs.length} input points for ${run.values.length} values`);
    }
  }
}
