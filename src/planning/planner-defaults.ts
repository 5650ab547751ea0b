// What a planner gets for the options a client leaves out (the HTTP API): the registries'
// default policy and surrogate, a Latin-hypercube design of d + 2 points, seed 1.
import { defaultSurrogateSpec, type SurrogateSpec } from '../models/surrogates/registry.js';
import type { PlannerOptionsInput } from './plannerState.js';
import { DEFAULT_POLICY, policies } from './policies/registry.js';

export type PlannerOptionsWithDefaults = Omit<PlannerOptionsInput, 'policy' | 'initialDesign' | 'seed'> & Partial<Pick<PlannerOptionsInput, 'policy' | 'initialDesign' | 'seed'>>;

export function withPlannerDefaults(options: PlannerOptionsWithDefaults): PlannerOptionsInput {
  const policy = options.policy ?? DEFAULT_POLICY;
  const usesModel = policies.find(policy)?.usesModel ?? true;
  const surrogate: SurrogateSpec | undefined = options.surrogate ?? (usesModel ? defaultSurrogateSpec() : undefined);
  return {
    ...options,
    policy,
    surrogate,
    initialDesign: options.initialDesign ?? { sampler: 'lhs', count: options.space.parameters.length + 2 },
    seed: options.seed ?? 1,
  };
}
