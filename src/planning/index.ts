// Public face of the planning layer.
export {
  createPlanner,
  restorePlanner,
  type Condition,
  type ConditionReason,
  type Planner,
  type PlannerEnvironment,
} from './planner.js';
export type { Observation, ObservationInput } from './observations.js';
export {
  plannerOptionsSchema,
  plannerStateSchema,
  type PlannerOptions,
  type PlannerOptionsInput,
  type PlannerState,
  type SurrogateSpec,
  type OptimizerSettings,
} from './plannerState.js';
export type { TrainerFactory } from './trainers.js';
export {
  ACQUISITION_POLICIES,
  DEFAULT_UCB_BETA,
  acquisitionRanking,
  acquisitionValues,
  expectedImprovement,
  logExpectedImprovement,
  memberExpectedImprovement,
  upperConfidenceBound,
  type AcquisitionContext,
  type AcquisitionOptions,
  type AcquisitionPolicy,
} from './acquisition.js';
export { optimizeAcquisition, randomFeasibleAway, type BatchScore, type OptimizedPoint, type OptimizerOptions } from './optimizer.js';
export { FeasibleRegionError, isFeasible, unitCube, unitRegion, minPairwiseDistance, type UnitRegion } from './region.js';
export * from './samplers/index.js';
