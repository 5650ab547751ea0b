// One benchmark job: one policy on one replicate. Ask one condition at a time, evaluate it,
// tell the result, until the budget is spent. Everything but the timings is a function of
// the objective, the settings, the policy and the replicate.
import type { NumericSpace } from '../domain/space.js';
import { createPlanner, type ConditionReason, type PlannerOptionsInput } from '../planning/index.js';
import type { BenchmarkObjective } from './objectives/types.js';
import { policyPlan, type BenchmarkPolicy } from './policies.js';
import { replicateSeed } from './seeds.js';
import { runningBest } from './summary.js';
import type { BenchmarkSettings } from './settings.js';
import { benchmarkTrainerFactory } from './trainers.js';

export interface JobSpec {
  policy: BenchmarkPolicy;
  /** Numbered from 1. */
  replicate: number;
}

export interface JobResult {
  policy: BenchmarkPolicy;
  replicate: number;
  /** Seed of the planner and of the objective session (shared by all policies of the replicate). */
  seed: number;
  /** Measured values in evaluation order; null marks a failed evaluation. */
  values: (number | null)[];
  /** Best measured value up to and including each evaluation (null before the first success). */
  bestSoFar: (number | null)[];
  /** Noise-free values, for noisy objectives that know them. */
  trueValues?: number[];
  /** Evaluated points in physical units, keyed by parameter name. */
  points: Record<string, number>[];
  reasons: ConditionReason[];
  /** Time the planner took to propose each point (fit + acquisition optimisation), ms. */
  iterationMs: number[];
  /** Time each evaluation took, ms. */
  evaluationMs: number[];
}

export function plannerOptionsForJob(objective: BenchmarkObjective, settings: BenchmarkSettings, job: JobSpec): PlannerOptionsInput & { space: NumericSpace } {
  const plan = policyPlan(job.policy);
  const surrogateOptions = plan.surrogate === undefined ? undefined : settings.surrogateOptions?.[plan.surrogate] ?? {};
  return {
    space: objective.space,
    objective: { name: objective.name, direction: objective.direction },
    policy: plan.acquisition,
    policyOptions: settings.policyOptions?.[plan.acquisition],
    surrogate: plan.surrogate === undefined ? undefined : { ...surrogateOptions, kind: plan.surrogate },
    initialDesign: { sampler: 'lhs', count: settings.init },
    seed: replicateSeed(settings.seed, job.replicate),
    optimizer: settings.optimizer,
  };
}

export async function runJob(
  objective: BenchmarkObjective,
  settings: BenchmarkSettings,
  job: JobSpec,
  onEvaluation: (done: number) => void = () => {},
): Promise<JobResult> {
  const options = plannerOptionsForJob(objective, settings, job);
  const planner = createPlanner(options, { trainerFactory: benchmarkTrainerFactory });
  const seed = options.seed;
  const session = await objective.open({ replicateSeed: seed });
  const result: JobResult = {
    policy: job.policy,
    replicate: job.replicate,
    seed,
    values: [],
    bestSoFar: [],
    ...(objective.noisy ? { trueValues: [] } : {}),
    points: [],
    reasons: [],
    iterationMs: [],
    evaluationMs: [],
  };
  try {
    for (let k = 0; k < settings.budget; k++) {
      const askedAt = performance.now();
      const [condition] = await planner.ask(1);
      const evaluatedAt = performance.now();
      let evaluation;
      try {
        evaluation = await session.evaluate(condition.point);
      } catch (error) {
        throw new Error(`${job.policy}, replicate ${job.replicate}, evaluation ${k + 1}: ${(error as Error).message}`, { cause: error });
      }
      const doneAt = performance.now();
      const { value } = evaluation;
      planner.tell(value === null ? { id: condition.id, point: condition.point, failed: true } : { id: condition.id, point: condition.point, value });
      result.values.push(value);
      if (result.trueValues) {
        if (evaluation.trueValue === undefined) throw new Error(`objective '${objective.name}' is noisy but returned no noise-free value`);
        result.trueValues.push(evaluation.trueValue);
      }
      result.points.push(condition.point);
      result.reasons.push(condition.reason);
      result.iterationMs.push(evaluatedAt - askedAt);
      result.evaluationMs.push(doneAt - evaluatedAt);
      onEvaluation(k + 1);
    }
  } finally {
    await session.close();
  }
  result.bestSoFar = runningBest(result.values, objective.direction);
  return result;
}
