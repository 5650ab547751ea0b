// Random search: uniform feasible points away from those already known; no model.
import { z } from 'zod';
import { randomFeasibleAway } from '../optimizer.js';
import type { SamplingPolicyDescriptor } from './types.js';

const optionsSchema = z.strictObject({});

export const randomPolicy: SamplingPolicyDescriptor<z.output<typeof optionsSchema>> = {
  name: 'random',
  description: 'uniform random feasible conditions (no model)',
  optionsSchema,
  usesModel: false,
  propose: ({ region, count, random, known, minDistance }) => randomFeasibleAway(region, count, random, known, minDistance),
};
