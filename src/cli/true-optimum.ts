// The virtual lab's noise-free optimum, for judging how close a campaign came.
import { createRandom } from '../domain/random.js';
import { findTrueOptimum } from '../virtual-lab/true-optimum.js';
import type { RigCondition } from '../domain/rig-space.js';

export function trueOptimumFor(seed: number): { plIntensity: number; condition: RigCondition } {
  const optimum = findTrueOptimum(createRandom(seed));
  return { plIntensity: optimum.value, condition: optimum.condition };
}
