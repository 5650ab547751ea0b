// The Gaussian process with an ARD kernel and marginal-likelihood hyperparameters.
import { createGpTrainer, gpFromSerialized, gpOptionsSchema, serializedGpSchema } from '../gaussian-process.js';
import type { SurrogateDescriptor } from './types.js';

export const gpSurrogate: SurrogateDescriptor<ReturnType<typeof gpOptionsSchema.parse>, ReturnType<typeof serializedGpSchema.parse>> = {
  kind: 'gp',
  description: 'Gaussian process: Matern 5/2 ARD kernel, hyperparameters by marginal likelihood',
  optionsSchema: gpOptionsSchema,
  provides: { members: false, gradient: true },
  createTrainer: (options) => createGpTrainer(options),
  serializedSchema: serializedGpSchema,
  load: gpFromSerialized,
  singleThreadOptions: { worker: false },
};
