// A campaign spec becomes planner options; earlier campaigns become prior observations.
import { rigParameterSpace } from '../domain/rig-space.js';
import { policyOptionsOf, type ExplorationSpec, type OptimisationSpec } from './campaign-spec.js';
import type { ObservationInput, PlannerOptionsInput } from '../planning/index.js';
import { finishedProposals, type CampaignState } from './campaign-state.js';

export type PlanningSpec = ExplorationSpec | OptimisationSpec;

/** Experiments the campaign runs in all (an exploration's initial design included). */
export function totalExperiments(spec: PlanningSpec): number {
  return spec.kind === 'exploration' ? spec.initialDesign.count + spec.budget : spec.budget;
}

export function plannerOptionsFor(spec: PlanningSpec, prior: ObservationInput[]): PlannerOptionsInput {
  return {
    space: rigParameterSpace(),
    objective: { name: spec.objective.feature, direction: spec.objective.direction },
    policy: spec.policy,
    policyOptions: policyOptionsOf(spec),
    surrogate: spec.surrogate,
    initialDesign: spec.initialDesign,
    seed: spec.seed,
    ...(spec.optimizer === undefined ? {} : { optimizer: spec.optimizer }),
    prior: prior.length > 0 ? prior : undefined,
  };
}

/** What a finished campaign measured, as observations another planner can start from. */
export function observationsOf(state: CampaignState): ObservationInput[] {
  return finishedProposals(state).map((p) => (p.status === 'measured'
    ? { point: p.condition, value: p.value }
    : { point: p.condition, failed: true }));
}
