// Public face of the planning layer.
export {
  createPlanner,
  restorePlanner,
  type Condition,
  type ConditionReason,
  type NumericPlannerOptionsInput,
  type Planner,
  type PlannerEnvironment,
} from './planner.js';
export type { Observation, ObservationInput } from './observations.js';
export {
  checkPolicy,
  optimizerSettingsSchema,
  plannerOptionsSchema,
  plannerOptionsShape,
  plannerStateSchema,
  type PlannerOptions,
  type PlannerOptionsInput,
  type PlannerState,
  type SurrogateSpec,
  type OptimizerSettings,
} from './plannerState.js';
export type { TrainerFactory } from './trainers.js';
export {
  DEFAULT_UCB_BETA,
  expectedImprovement,
  logExpectedImprovement,
  memberExpectedImprovement,
  upperConfidenceBound,
} from './acquisition.js';
export {
  DEFAULT_POLICY,
  policies,
  policiesFor,
  policyNameSchema,
  policySurrogateProblem,
  registerPolicy,
  resolvePolicyOptions,
  scorePolicy,
} from './policies/registry.js';
export type {
  AcquisitionPolicyDescriptor,
  AnyPolicyDescriptor,
  PolicyDescriptor,
  PolicyScoringContext,
  ProposalRequest,
  SamplingPolicyDescriptor,
} from './policies/types.js';
export { withPlannerDefaults, type PlannerOptionsWithDefaults } from './planner-defaults.js';
export { optimizeAcquisition, randomFeasibleAway, type BatchScore, type OptimizedPoint, type OptimizerOptions } from './optimizer.js';
export { FeasibleRegionError, isFeasible, unitCube, unitRegion, minPairwiseDistance, type UnitRegion } from './region.js';
export * from './samplers/index.js';
