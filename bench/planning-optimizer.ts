// Accuracy and cost of the acquisition optimiser on known smooth functions, over 20 seeds:
// a 3-D bowl whose maximum lies on the cut x + y <= 1, and a 7-D bowl centred at a
// feasible interior point of the rig space.
// Run: npx tsx bench/planning-optimizer.ts
import { createRandom } from '../src/domain/random.js';
import { rigParameterSpace } from '../src/domain/rig-space.js';
import { optimizeAcquisition, type BatchScore } from '../src/planning/optimizer.js';
import { unitRegion } from '../src/planning/region.js';
import { uniformRandom } from '../src/planning/samplers/uniform.js';

const halfCube = unitRegion({
  parameters: [{ name: 'x', lower: 0, upper: 1 }, { name: 'y', lower: 0, upper: 1 }, { name: 'z', lower: 0, upper: 1 }],
  constraints: [{ name: 'x + y <= 1', coefficients: { x: 1, y: 1 }, bound: 1 }],
});
const rig = unitRegion(rigParameterSpace());
let calls = 0;
let points = 0;
const bowl = (centre: ArrayLike<number>): BatchScore => (batch) => {
  calls++;
  points += batch.length;
  return Float64Array.from(batch, (p) => -p.reduce((s, x, i) => s + (x - centre[i]) ** 2, 0));
};
const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, x, i) => s + (x - b[i]) ** 2, 0));

const seeds = 20;
const boundaryErrors: number[] = [];
const interiorErrors: number[] = [];
let interiorMs = 0;
for (let seed = 0; seed < seeds; seed++) {
  boundaryErrors.push(distance(optimizeAcquisition(halfCube, bowl([0.9, 0.9, 0.5]), 1, createRandom(seed))[0].unit, [0.5, 0.5, 0.5]));
  const [centre] = uniformRandom(rig, 1, createRandom(100 + seed));
  calls = 0;
  points = 0;
  const start = performance.now();
  interiorErrors.push(distance(optimizeAcquisition(rig, bowl(centre), 1, createRandom(seed))[0].unit, centre));
  interiorMs += performance.now() - start;
}
console.log(`3-D, maximum on the constraint: worst error ${Math.max(...boundaryErrors).toFixed(4)} (unit distance)`);
console.log(`7-D rig space, interior maximum: worst error ${Math.max(...interiorErrors).toFixed(4)}`);
console.log(`7-D: ${(interiorMs / seeds).toFixed(1)} ms per proposal without model cost, ${calls} score calls over ${points} points`);
