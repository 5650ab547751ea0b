// Empirical expected improvement over ensemble members (BoTorch's ensemble semantics).
import { z } from 'zod';
import { memberExpectedImprovement } from '../acquisition.js';
import type { AcquisitionPolicyDescriptor } from './types.js';

const optionsSchema = z.strictObject({
  xi: z.number().min(0, 'xi must be >= 0').refine(Number.isFinite, 'must be finite').default(0),
});

export const eiMembersPolicy: AcquisitionPolicyDescriptor<z.output<typeof optionsSchema>> = {
  name: 'ei-members',
  description: 'expected improvement averaged over ensemble members: mean of max(f_m - best, 0)',
  optionsSchema,
  usesModel: true,
  needsMembers: true,
  score({ mean, members }, { best, options }) {
    if (!members || members.length === 0) {
      throw new Error("policy 'ei-members' needs a surrogate that returns ensemble member predictions (e.g. an ENN, not a GP)");
    }
    const values = new Float64Array(mean.length);
    const column = new Float64Array(members.length);
    for (let i = 0; i < values.length; i++) {
      for (let m = 0; m < members.length; m++) column[m] = members[m][i];
      values[i] = memberExpectedImprovement(column, best, options.xi);
    }
    return values;
  },
};
