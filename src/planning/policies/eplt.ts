// Pure exploitation: the predicted mean.
import { z } from 'zod';
import type { AcquisitionPolicyDescriptor } from './types.js';

const optionsSchema = z.strictObject({});

export const epltPolicy: AcquisitionPolicyDescriptor<z.output<typeof optionsSchema>> = {
  name: 'eplt',
  description: 'pure exploitation: the highest predicted mean',
  optionsSchema,
  usesModel: true,
  needsMembers: false,
  score: ({ mean }) => Float64Array.from(mean),
};
