// Upper confidence bound: mean + beta * std.
import { z } from 'zod';
import { DEFAULT_UCB_BETA, upperConfidenceBound } from '../acquisition.js';
import type { AcquisitionPolicyDescriptor } from './types.js';

const optionsSchema = z.strictObject({
  /** Weight on the standard deviation; 1/sqrt(2) as in the Abolhasani lab code. */
  beta: z.number().min(0, 'beta must be >= 0').refine(Number.isFinite, 'must be finite').default(DEFAULT_UCB_BETA),
});

export const ucbPolicy: AcquisitionPolicyDescriptor<z.output<typeof optionsSchema>> = {
  name: 'ucb',
  description: 'upper confidence bound: mean + beta * std',
  optionsSchema,
  usesModel: true,
  needsMembers: false,
  score({ mean, std }, { options }) {
    return mean.map((m, i) => upperConfidenceBound(m, std[i], options.beta));
  },
};
