// A toy policy and a toy surrogate, written as a user would add their own: one descriptor
// each. Loaded as a plugin (`sdfl --plugin test/support/toy-extensions.ts ...`) or registered
// from code with registerPolicy / registerSurrogate.
import { z } from 'zod';
import type { AcquisitionPolicyDescriptor } from '../../src/planning/policies/types.js';
import type { Prediction, Surrogate } from '../../src/models/surrogate.js';
import type { SurrogateDescriptor } from '../../src/models/surrogates/types.js';

/** Lower confidence bound: a cautious policy that prefers points it is sure are good. */
const lcbOptions = z.strictObject({ kappa: z.number().min(0).default(1) });
export const lcbPolicy: AcquisitionPolicyDescriptor<z.output<typeof lcbOptions>> = {
  name: 'lcb',
  description: 'lower confidence bound: mean - kappa * std',
  optionsSchema: lcbOptions,
  usesModel: true,
  needsMembers: false,
  score: ({ mean, std }, { options }) => mean.map((m, i) => m - options.kappa * std[i]),
};

/** Nearest neighbour: the value of the closest measured point, uncertain in proportion to the distance to it. */
const nearestOptions = z.strictObject({ stdPerUnitDistance: z.number().positive().default(1) });
const serializedNearest = z.strictObject({
  kind: z.literal('nearest'),
  points: z.array(z.array(z.number())).min(1),
  targets: z.array(z.number()).min(1),
  stdPerUnitDistance: z.number().positive(),
});

function nearestSurrogate(points: number[][], targets: number[], stdPerUnitDistance: number): Surrogate {
  return {
    kind: 'nearest',
    inputDimension: points[0].length,
    predict(query): Prediction {
      const mean = new Float64Array(query.length);
      const std = new Float64Array(query.length);
      query.forEach((q, row) => {
        let best = Number.POSITIVE_INFINITY;
        points.forEach((p, i) => {
          const distance = Math.hypot(...p.map((v, k) => v - q[k]));
          if (distance < best) {
            best = distance;
            mean[row] = targets[i];
          }
        });
        std[row] = stdPerUnitDistance * best;
      });
      return { mean, std };
    },
    toJSON: () => ({ kind: 'nearest', points, targets, stdPerUnitDistance }),
  };
}

export const nearestSurrogateDescriptor: SurrogateDescriptor<z.output<typeof nearestOptions>, z.output<typeof serializedNearest>> = {
  kind: 'nearest',
  description: 'nearest measured point; std grows with the distance to it',
  optionsSchema: nearestOptions,
  provides: { members: false, gradient: false },
  createTrainer: (options) => ({
    kind: 'nearest',
    fit: async (points, targets) => nearestSurrogate(points.map((p) => Array.from(p)), Array.from(targets), options.stdPerUnitDistance),
  }),
  serializedSchema: serializedNearest,
  load: (value) => nearestSurrogate(value.points, value.targets, value.stdPerUnitDistance),
};

export const policies = [lcbPolicy];
export const surrogates = [nearestSurrogateDescriptor];
