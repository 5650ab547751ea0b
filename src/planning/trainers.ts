// Where a planner gets its surrogate trainer from a JSON spec such as { kind: 'enn', members: 10 }.
import { surrogateTrainerFromSpec, type SurrogateSpec } from '../models/surrogates/registry.js';
import type { SurrogateTrainer } from '../models/surrogate.js';

export type TrainerFactory = (spec: SurrogateSpec) => SurrogateTrainer;

/** The registered surrogates' trainers (src/models/surrogates/registry.ts). */
export const defaultTrainerFactory: TrainerFactory = (spec) => surrogateTrainerFromSpec(spec);
