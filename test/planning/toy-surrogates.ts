// Small surrogates for planner tests: an exact closed-form GP and fixed-function ensembles.
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';
import type { Random } from '../../src/domain/random.js';
import { surrogates } from '../../src/models/surrogates/registry.js';
import type { SurrogateDescriptor } from '../../src/models/surrogates/types.js';
import type { Prediction, Surrogate, SurrogateTrainer } from '../../src/models/surrogate.js';

/** GP with a squared-exponential kernel of fixed length scale on z-scored targets. */
export function toyGpTrainer(lengthScale = 0.25, noise = 1e-6): SurrogateTrainer {
  return {
    kind: 'toy-gp',
    async fit(points, targets, _random: Random): Promise<Surrogate> {
      const n = points.length;
      const d = points[0].length;
      const y = Array.from(targets);
      const mu = y.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(y.reduce((a, b) => a + (b - mu) ** 2, 0) / n) || 1;
      const z = y.map((v) => (v - mu) / sd);
      const kernel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
        let s = 0;
        for (let i = 0; i < d; i++) s += (a[i] - b[i]) ** 2;
        return Math.exp(-s / (2 * lengthScale * lengthScale));
      };
      const k = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) k.set(i, j, kernel(points[i], points[j]) + (i === j ? noise : 0));
      const cholesky = new CholeskyDecomposition(k);
      const alpha = cholesky.solve(Matrix.columnVector(z)).to1DArray();
      const train = points.map((p) => Float64Array.from(p));
      return {
        kind: 'toy-gp',
        inputDimension: d,
        predict(query): Prediction {
          const mean = new Float64Array(query.length);
          const std = new Float64Array(query.length);
          query.forEach((q, row) => {
            const ks = train.map((p) => kernel(q, p));
            const v = cholesky.solve(Matrix.columnVector(ks)).to1DArray();
            let m = 0;
            let reduction = 0;
            for (let i = 0; i < n; i++) {
              m += ks[i] * alpha[i];
              reduction += ks[i] * v[i];
            }
            mean[row] = mu + sd * m;
            std[row] = sd * Math.sqrt(Math.max(1e-12, 1 + noise - reduction));
          });
          return { mean, std };
        },
        toJSON: () => ({ kind: 'toy-gp' }),
      };
    },
  };
}

/** A fixed surrogate whose ensemble members are known functions of the unit point. */
export function functionEnsemble(members: ((u: ArrayLike<number>) => number)[], dimension: number): Surrogate {
  return {
    kind: 'function-ensemble',
    inputDimension: dimension,
    predict(points): Prediction {
      const values = members.map((f) => Float64Array.from(points, (p) => f(p)));
      const mean = new Float64Array(points.length);
      const std = new Float64Array(points.length);
      for (let i = 0; i < points.length; i++) {
        let s = 0;
        for (const v of values) s += v[i];
        mean[i] = s / members.length;
        let q = 0;
        for (const v of values) q += (v[i] - mean[i]) ** 2;
        std[i] = Math.sqrt(q / Math.max(1, members.length - 1));
      }
      return { mean, std, members: values };
    },
    toJSON: () => ({ kind: 'function-ensemble' }),
  };
}

/** A trainer that ignores the data and returns the same closed-form surrogate, counting fits. */
export function fixedTrainer(surrogate: Surrogate): SurrogateTrainer & { fits: number } {
  const trainer = {
    kind: surrogate.kind,
    fits: 0,
    async fit() {
      trainer.fits++;
      return surrogate;
    },
  };
  return trainer;
}

/**
 * Spec kinds for planner tests, registered like any surrogate: 'toy-gp' (toyGpTrainer, no
 * members) and 'toy-ensemble' (members; tests inject its trainer). Neither can be loaded from JSON.
 */
function toyDescriptor(kind: string, members: boolean, createTrainer: (options: { lengthScale?: number }) => SurrogateTrainer): SurrogateDescriptor<{ lengthScale?: number }, { kind: string }> {
  return {
    kind,
    description: `test surrogate ${kind}`,
    optionsSchema: z.strictObject({ lengthScale: z.number().positive().optional() }),
    provides: { members, gradient: false },
    createTrainer,
    serializedSchema: z.strictObject({ kind: z.literal(kind) }),
    load: () => {
      throw new Error(`${kind} cannot be loaded`);
    },
  };
}

for (const descriptor of [
  toyDescriptor('toy-gp', false, (options) => toyGpTrainer(options.lengthScale)),
  toyDescriptor('toy-ensemble', true, () => {
    throw new Error('toy-ensemble: inject its trainer with trainerFactory');
  }),
]) {
  if (!surrogates.has(descriptor.kind)) surrogates.register(descriptor);
}
