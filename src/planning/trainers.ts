// Where a planner gets its surrogate trainer from a JSON spec such as { kind: 'enn' }.
import type { SurrogateTrainer } from '../models/surrogate.js';
import type { SurrogateSpec } from './plannerState.js';

export type TrainerFactory = (spec: SurrogateSpec) => SurrogateTrainer;

export const defaultTrainerFactory: TrainerFactory = (spec) => {
  throw new Error(`no surrogate trainer available for kind '${spec.kind}'; pass environment.trainerFactory`);
};
