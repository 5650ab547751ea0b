// The virtual lab's noise-free optimum, for judging how close a campaign came.
import { createRandom } from '../domain/random.js';
import { findTrueOptimum, type TrueOptimum } from '../virtual-lab/true-optimum.js';

export function trueOptimumFor(seed: number): TrueOptimum {
  return findTrueOptimum(createRandom(seed));
}
