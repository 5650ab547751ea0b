// Where a planner gets its surrogate trainer from a JSON spec such as { kind: 'enn', members: 10 }.
import { surrogateTrainerFromSpec } from '../models/serialize.js';
import type { SurrogateTrainer } from '../models/surrogate.js';
import type { SurrogateSpec } from './plannerState.js';

export type TrainerFactory = (spec: SurrogateSpec) => SurrogateTrainer;

/** The models layer's trainers: 'enn' (ensemble neural network) and 'gp' (Gaussian process). */
export const defaultTrainerFactory: TrainerFactory = (spec) => surrogateTrainerFromSpec(spec);
