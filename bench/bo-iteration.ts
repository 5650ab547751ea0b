// Wall time of one Bayesian-optimisation iteration: fit the default ENN (and the default GP,
// the default surrogate) on 60 observations of the 7-D constrained toy, then optimise EI
// (ask(1) does both). Median over repetitions, each adding the proposed point, so the fit sees 60, 61, ...
// Run: npx tsx bench/bo-iteration.ts [repetitions=10]
import { availableParallelism } from 'node:os';
import { constrainedToyObjective } from '../src/benchmark/objectives/constrained-toy.js';
import { createRandom } from '../src/domain/random.js';
import { numericRecord, pointToRecord, toPhysical } from '../src/domain/space.js';
import { closeEnsembleWorkers } from '../src/models/ensemble-pool.js';
import { surrogateTrainerFromSpec, type SurrogateSpec } from '../src/models/surrogates/registry.js';
import { createPlanner, maximinLatinHypercube, unitRegion } from '../src/planning/index.js';

const repetitions = Number(process.argv[2] ?? 10);
const objective = constrainedToyObjective;
const { space } = objective;
const session = await objective.open({ replicateSeed: 1 });
const evaluate = async (point: Record<string, number>) => (await session.evaluate(point)).value as number;

const design = maximinLatinHypercube(unitRegion(space), 60, createRandom(7)).points;
const prior = await Promise.all(design.map(async (u) => {
  const point = numericRecord(pointToRecord(space, toPhysical(space, u)));
  return { point, value: await evaluate(point) };
}));

async function timeIterations(label: string, spec: SurrogateSpec) {
  const planner = createPlanner(
    { space, objective: { name: objective.name, direction: objective.direction }, policy: 'ei', surrogate: spec, initialDesign: { sampler: 'lhs', count: 9 }, seed: 1, prior },
    { trainerFactory: (s) => surrogateTrainerFromSpec(s) },
  );
  const fitMs: number[] = [];
  const totalMs: number[] = [];
  // One warm-up iteration starts the worker threads and compiles the hot loops.
  for (let i = 0; i <= repetitions; i++) {
    const start = performance.now();
    await planner.model();
    const fitted = performance.now();
    const [condition] = await planner.ask(1);
    const done = performance.now();
    if (i > 0) {
      fitMs.push(fitted - start);
      totalMs.push(done - start);
    }
    planner.tell({ id: condition.id, point: condition.point, value: await evaluate(condition.point) });
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log(`${label}: median iteration ${median(totalMs).toFixed(0)} ms (fit ${median(fitMs).toFixed(0)} ms, EI optimisation ${median(totalMs.map((t, k) => t - fitMs[k])).toFixed(0)} ms), min ${Math.min(...totalMs).toFixed(0)} ms, max ${Math.max(...totalMs).toFixed(0)} ms`);
  return median(totalMs);
}

console.log(`one BO iteration: default ENN and default GP, EI, 7-D constrained toy, 60 -> ${60 + repetitions} points, ${repetitions} repetitions, ${availableParallelism()} cores`);
const parallel = await timeIterations('ENN, members on worker threads (default)', { kind: 'enn' });
await timeIterations('ENN, members on one thread (as inside benchmark jobs)', { kind: 'enn', parallel: false });
await timeIterations('GP (default surrogate)', { kind: 'gp' });
await closeEnsembleWorkers();
console.log(`target < 1000 ms (ENN): ${parallel < 1000 ? 'met' : 'missed'}`);
