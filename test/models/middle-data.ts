// Training data only in the middle of the box, x in [0.4, 0.6]^d, for tests of how a model's
// spread grows away from its data.
import { createRandom } from '../../src/domain/random.js';

export function middleData(count: number, dimension: number, seed: number) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => Array.from({ length: dimension }, () => 0.4 + 0.2 * random.uniform()));
  return { points, targets: points.map((x) => Math.sin(4 * x[0]) + x.reduce((s, v) => s + v * v, 0)) };
}
