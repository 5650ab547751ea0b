// Maximum variance: where the surrogate is least sure (builds a digital twin).
import { z } from 'zod';
import type { AcquisitionPolicyDescriptor } from './types.js';

const optionsSchema = z.strictObject({});

export const mvPolicy: AcquisitionPolicyDescriptor<z.output<typeof optionsSchema>> = {
  name: 'mv',
  description: 'maximum variance: the most uncertain prediction (exploration for a digital twin)',
  optionsSchema,
  usesModel: true,
  needsMembers: false,
  explores: true,
  score: ({ std }) => Float64Array.from(std),
};
