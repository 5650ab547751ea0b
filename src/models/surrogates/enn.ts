// The ensemble neural network, the paper's surrogate.
import { createEnnTrainer, ennFromSerialized, ennOptionsSchema, serializedEnnSchema } from '../ensemble.js';
import type { SurrogateDescriptor } from './types.js';

export const ennSurrogate: SurrogateDescriptor<ReturnType<typeof ennOptionsSchema.parse>, ReturnType<typeof serializedEnnSchema.parse>> = {
  kind: 'enn',
  description: 'ensemble of small neural networks; mean and spread across members',
  optionsSchema: ennOptionsSchema,
  provides: { members: true, gradient: true },
  createTrainer: (options) => createEnnTrainer(options),
  serializedSchema: serializedEnnSchema,
  load: ennFromSerialized,
  singleThreadOptions: { parallel: false },
};
