// Closed-form surrogates and trainers for the insight tests: no training noise.
import { createRandom } from '../../src/domain/random.js';
import type { Prediction, Surrogate, SurrogateTrainer } from '../../src/models/surrogate.js';

type PointFunction = (u: ArrayLike<number>) => number;

/** A surrogate whose mean is f and whose std is `std` (default 0). Counts predict calls and rows. */
export function functionSurrogate(f: PointFunction, dimension: number, std: PointFunction = () => 0): Surrogate & { calls: number; rows: number } {
  const surrogate = {
    kind: 'closed-form',
    inputDimension: dimension,
    calls: 0,
    rows: 0,
    predict(points: readonly ArrayLike<number>[]): Prediction {
      surrogate.calls++;
      surrogate.rows += points.length;
      return { mean: Float64Array.from(points, (p) => f(p)), std: Float64Array.from(points, (p) => std(p)) };
    },
    toJSON: () => ({ kind: 'closed-form' }),
  };
  return surrogate;
}

/** A trainer that ignores the data and returns the true function. */
export function trueFunctionTrainer(f: PointFunction, dimension: number): SurrogateTrainer {
  return { kind: 'true-function', fit: async () => functionSurrogate(f, dimension) };
}

/** A trainer that predicts the mean of its training targets everywhere. */
export function constantTrainer(): SurrogateTrainer {
  return {
    kind: 'constant',
    async fit(points, targets) {
      let sum = 0;
      for (let i = 0; i < targets.length; i++) sum += targets[i];
      const level = sum / targets.length;
      return functionSurrogate(() => level, points[0].length, () => 1);
    },
  };
}

/** Uniform points in the unit cube from a fixed seed. */
export function randomPoints(count: number, dimension: number, seed: number): Float64Array[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Float64Array.from({ length: dimension }, () => random.uniform()));
}
