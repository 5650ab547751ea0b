// Expected improvement (closed form, Gaussian); the optimiser maximises log EI.
import { z } from 'zod';
import { expectedImprovement, logExpectedImprovement } from '../acquisition.js';
import type { AcquisitionPolicyDescriptor } from './types.js';

const optionsSchema = z.strictObject({
  /** Improvement counts only beyond best + xi (objective units). */
  xi: z.number().min(0, 'xi must be >= 0').refine(Number.isFinite, 'must be finite').default(0),
});

export const eiPolicy: AcquisitionPolicyDescriptor<z.output<typeof optionsSchema>> = {
  name: 'ei',
  description: 'expected improvement over the best observed value (Gaussian, closed form)',
  optionsSchema,
  usesModel: true,
  needsMembers: false,
  score({ mean, std }, { best, options }) {
    return mean.map((m, i) => expectedImprovement(m, std[i], best, options.xi));
  },
  ranking: {
    logScale: true,
    score({ mean, std }, { best, options }) {
      return mean.map((m, i) => logExpectedImprovement(m, std[i], best, options.xi));
    },
  },
};
