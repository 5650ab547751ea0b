// Wall time of one Bayesian-optimisation iteration on the rig's 7-D space: fit the ENN on
// 60 observations, then optimise EI over the constrained region (ask(1) does both).
// Run: npx tsx bench/planning-iteration.ts [iterations]
import { createRandom } from '../src/domain/random.js';
import { rigParameterSpace } from '../src/domain/rig-space.js';
import { pointToRecord, toPhysical } from '../src/domain/space.js';
import { closeEnsembleWorkers } from '../src/models/ensemble-pool.js';
import { createPlanner } from '../src/planning/index.js';
import { unitRegion } from '../src/planning/region.js';
import { uniformRandom } from '../src/planning/samplers/uniform.js';

const iterations = Number(process.argv[2] ?? 8);
const space = rigParameterSpace();
const region = unitRegion(space);
const random = createRandom(2024);
// A smooth synthetic response with one peak inside the feasible region.
const [peak] = uniformRandom(region, 1, random);
const response = (unit: ArrayLike<number>) => 100 * Math.exp(-Array.from(unit).reduce((s, u, i) => s + ((u - peak[i]) / 0.35) ** 2, 0));
const prior = uniformRandom(region, 60, random).map((u) => ({ point: pointToRecord(space, toPhysical(space, u)), value: response(u) }));

const planner = createPlanner(
  {
    space,
    objective: { name: 'plIntensity', direction: 'maximize' },
    policy: 'ei',
    surrogate: { kind: 'enn' },
    initialDesign: { sampler: 'lhs', count: 9 },
    seed: 1,
    prior,
  },
);

const fitMs: number[] = [];
const totalMs: number[] = [];
for (let i = 0; i < iterations; i++) {
  const start = performance.now();
  await planner.model();
  const fitted = performance.now();
  const [condition] = await planner.ask(1);
  const done = performance.now();
  fitMs.push(fitted - start);
  totalMs.push(done - start);
  planner.tell({ id: condition.id, point: condition.point, value: response(condition.unit) });
}
await closeEnsembleWorkers();

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
// The first iteration also starts the worker threads; report it separately.
console.log(`ENN (default options) on 60 -> ${60 + iterations - 1} points, 7-D rig space, EI, q = 1, ${iterations} iterations`);
console.log(`first iteration: ${totalMs[0].toFixed(0)} ms`);
const optimiseMs = totalMs.map((t, i) => t - fitMs[i]);
console.log(`median fit: ${median(fitMs.slice(1)).toFixed(0)} ms, median optimise: ${median(optimiseMs.slice(1)).toFixed(0)} ms`);
console.log(`median fit + optimise: ${median(totalMs.slice(1)).toFixed(0)} ms, max ${Math.max(...totalMs.slice(1)).toFixed(0)} ms`);
console.log(`best after ${iterations} iterations: ${planner.best()?.value?.toFixed(2)} (prior best ${Math.max(...prior.map((p) => p.value)).toFixed(2)}, peak 100)`);
