// Wall time of one Bayesian-optimisation iteration, ask(1) after 60 observations of the 7-D
// constrained toy: a planner's default ENN (three quarters additive members; its ask fits a
// local model in its trust region, then optimises EI in it), the same ENN over the whole
// region, and the default GP. Median over
// repetitions, each adding the proposed point, so the fit sees 60, 61, ... Over the whole
// region the global model's fit is timed on its own first (ask(1) then reuses it).
// Run: npx tsx bench/bo-iteration.ts [repetitions=10]
import { availableParallelism } from 'node:os';
import { constrainedToyObjective } from '../src/benchmark/objectives/constrained-toy.js';
import { createRandom } from '../src/domain/random.js';
import { numericRecord, pointToRecord, toPhysical } from '../src/domain/space.js';
import { closeEnsembleWorkers } from '../src/models/ensemble-pool.js';
import { surrogateTrainerFromSpec, type SurrogateSpec } from '../src/models/surrogates/registry.js';
import { createPlanner, maximinLatinHypercube, unitRegion, type OptimizerSettings } from '../src/planning/index.js';
import { policies } from '../src/planning/policies/registry.js';
import { resolveTrustRegion } from '../src/planning/search-defaults.js';

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

async function timeIterations(label: string, spec: SurrogateSpec, optimizer?: OptimizerSettings) {
  const planner = createPlanner(
    { space, objective: { name: objective.name, direction: objective.direction }, policy: 'ei', surrogate: spec, initialDesign: { sampler: 'lhs', count: 9 }, seed: 1, prior, ...(optimizer ? { optimizer } : {}) },
    { trainerFactory: (s) => surrogateTrainerFromSpec(s) },
  );
  // With a local model the ask fits its own model: the global one is not part of the iteration.
  const splitFit = !(resolveTrustRegion(optimizer?.trustRegion, spec.kind, policies.get('ei'))?.localModel ?? false);
  const fitMs: number[] = [];
  const totalMs: number[] = [];
  // One warm-up iteration starts the worker threads and compiles the hot loops.
  for (let i = 0; i <= repetitions; i++) {
    const start = performance.now();
    if (splitFit) await planner.model();
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
  const split = splitFit ? ` (fit ${median(fitMs).toFixed(0)} ms, EI optimisation ${median(totalMs.map((t, k) => t - fitMs[k])).toFixed(0)} ms)` : ' (local fit and EI optimisation in the trust region)';
  console.log(`${label}: median iteration ${median(totalMs).toFixed(0)} ms${split}, min ${Math.min(...totalMs).toFixed(0)} ms, max ${Math.max(...totalMs).toFixed(0)} ms`);
  return median(totalMs);
}

console.log(`one BO iteration: default ENN and default GP, EI, 7-D constrained toy, 60 -> ${60 + repetitions} points, ${repetitions} repetitions, ${availableParallelism()} cores`);
const parallel = await timeIterations('ENN, members on worker threads (default)', { kind: 'enn' });
await timeIterations('ENN, members on one thread (as inside benchmark jobs)', { kind: 'enn', parallel: false });
await timeIterations('ENN over the whole region (trustRegion: false)', { kind: 'enn' }, { trustRegion: false });
await timeIterations('GP (default surrogate)', { kind: 'gp' });
await closeEnsembleWorkers();
console.log(`target < 1000 ms (ENN): ${parallel < 1000 ? 'met' : 'missed'}`);
