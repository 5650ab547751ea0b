// Surrogate trainers for benchmark jobs. Jobs already run in parallel across cores, so each
// fit stays on the job's own thread (the models give bit-identical results either way).
import { singleThreadTrainerFromSpec } from '../models/surrogates/registry.js';
import type { TrainerFactory } from '../planning/index.js';

export const benchmarkTrainerFactory: TrainerFactory = (spec) => singleThreadTrainerFromSpec(spec);
