// Surrogate trainers for benchmark jobs: the models layer's spec -> trainer. Jobs already run
// in parallel across cores, so the ENN trains its members on the job's own thread (the
// models layer gives bit-identical members either way).
import { surrogateTrainerFromSpec } from '../models/serialize.js';
import type { TrainerFactory } from '../planning/index.js';

export const benchmarkTrainerFactory: TrainerFactory = (spec) =>
  surrogateTrainerFromSpec(spec.kind === 'enn' ? { ...spec, parallel: false } : spec);
