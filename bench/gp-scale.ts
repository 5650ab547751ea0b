// Fit + ask time of the GP planner as the data grow: n observations of the 7-D constrained toy
// (uniform feasible points), then ask(1) with EI, which fits the GP and runs the acquisition
// optimiser. "cold": a new planner's first ask on n points (no earlier fit to start from);
// "warm": asks on n - warm + 1, ..., n points, each after telling the last proposal, so each fit
// starts from the hyperparameters of the fit before it. Wall time and CPU time of the process (all threads);
// medians over the repeats. Default options: from 100 points the fit runs on a worker thread.
//   npx tsx bench/gp-scale.ts [--repeats 3] [--warm 3] [--sizes 60,250,500,1000,2000] [--gp '{"maxExactPoints":1000}']
// With --accuracy instead: held-out accuracy of the exact and the sparse GP on 1500 points in
// 7-D (uniform data, and data like a BO run's: half of it around the optimum), and their cost.
//   npx tsx bench/gp-scale.ts --accuracy
import { availableParallelism, loadavg } from 'node:os';
import { constrainedToyObjective } from '../src/benchmark/objectives/constrained-toy.js';
import { createRandom } from '../src/domain/random.js';
import { numericRecord, pointToRecord, toPhysical } from '../src/domain/space.js';
import { closeGpWorkers } from '../src/models/gp-pool.js';
import type { GaussianProcessSurrogate } from '../src/models/gaussian-process.js';
import { tiltedBump } from '../src/models/benchmark-functions.js';
import { createGpTrainer } from '../src/models/gaussian-process.js';
import { createPlanner, unitRegion, uniformRandom, type Planner } from '../src/planning/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const repeats = Number(flag('repeats', '3'));
const warmSteps = Number(flag('warm', '3'));
const sizes = flag('sizes', '60,250,500,1000,2000').split(',').map(Number);
const gpOptions = JSON.parse(flag('gp', '{}')) as Record<string, unknown>;

const objective = constrainedToyObjective;
const { space } = objective;
const region = unitRegion(space);
const session = await objective.open({ replicateSeed: 1 });
const evaluate = async (point: Record<string, number>) => (await session.evaluate(point)).value as number;

async function observations(n: number, seed: number) {
  const units = uniformRandom(region, n, createRandom(seed));
  return Promise.all(units.map(async (u) => {
    const point = numericRecord(pointToRecord(space, toPhysical(space, u)));
    return { point, value: await evaluate(point) };
  }));
}

interface Sample { fitWall: number; fitCpu: number; totalWall: number; totalCpu: number; basis: number; evaluations: number }

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** One ask(1), split into the fit (model()) and the rest (the acquisition optimiser). */
async function timedAsk(planner: Planner): Promise<{ sample: Sample; condition: Awaited<ReturnType<Planner['ask']>>[number] }> {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const model = (await planner.model()) as GaussianProcessSurrogate;
  const wall1 = performance.now();
  const cpu1 = cpuMs();
  const [condition] = await planner.ask(1);
  const wall2 = performance.now();
  const cpu2 = cpuMs();
  return {
    sample: { fitWall: wall1 - wall0, fitCpu: cpu1 - cpu0, totalWall: wall2 - wall0, totalCpu: cpu2 - cpu0, basis: model.basisSize, evaluations: model.fitEvaluations ?? 0 },
    condition,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

if (args.includes('--accuracy')) {
  await accuracy();
  process.exit(0);
}

async function accuracy(): Promise<void> {
  const d = 7;
  const peak = [0.3, 0.7, 0.5, 0.2, 0.8, 0.4, 0.6];
  // A narrow peak (width 0.35 per input): most of the cube is flat, all the structure is near the peak.
  const narrowPeak = (x: ArrayLike<number>) => 100 * Math.exp(-Array.from(x).reduce((s, v, i) => s + ((v - peak[i]) / 0.35) ** 2, 0));
  const functions = [
    { name: 'tilted bump', f: tiltedBump, optimum: new Array<number>(d).fill(0.6) },
    { name: 'narrow peak', f: narrowPeak, optimum: peak },
  ];
  const models: [string, Record<string, unknown>][] = [
    ['exact (hyperparameters on 300)', { maxExactPoints: 5000 }],
    ['sparse, 128 inducing', { inducingPoints: 128 }],
    ['sparse, 256 inducing (default)', {}],
    ['sparse, 512 inducing', { inducingPoints: 512 }],
  ];
  console.log(`held-out accuracy on 1500 points in 7-D; R^2 and the share of errors within 2 std; load average ${loadavg()[0].toFixed(1)}`);
  console.log('| function | data | model | basis | R^2 near optimum | within 2 std | R^2 uniform | within 2 std | fit CPU ms | predict 5250 points CPU ms |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { name, f, optimum } of functions) {
    for (const data of ['uniform', 'BO-like']) {
      const random = createRandom(11);
      const near = () => optimum.map((c) => Math.min(1, Math.max(0, c + 0.1 * random.normal())));
      const anywhere = () => Array.from({ length: d }, () => random.uniform());
      const points = Array.from({ length: 1500 }, () => (data === 'BO-like' && random.uniform() < 0.5 ? near() : anywhere()));
      const targets = points.map(f);
      const tests = { near: Array.from({ length: 1000 }, near), uniform: Array.from({ length: 1000 }, anywhere) };
      const queries = Array.from({ length: 5250 }, anywhere);
      for (const [label, options] of models) {
        const cpu0 = cpuMs();
        const model = await createGpTrainer({ worker: false, ...options }).fit(points, targets, createRandom(1));
        const cpu1 = cpuMs();
        model.predict(queries);
        const cpu2 = cpuMs();
        const scores = Object.values(tests).map((test) => {
          const truth = test.map(f);
          const prediction = model.predict(test);
          const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
          let squaredError = 0;
          let total = 0;
          let within = 0;
          truth.forEach((y, i) => {
            const error = prediction.mean[i] - y;
            squaredError += error * error;
            total += (y - mean) ** 2;
            if (Math.abs(error) <= 2 * prediction.std[i]) within++;
          });
          return [(1 - squaredError / total).toFixed(3), (within / truth.length).toFixed(3)];
        });
        console.log(`| ${name} | ${data} | ${label} | ${model.basisSize} | ${scores.flat().join(' | ')} | ${(cpu1 - cpu0).toFixed(0)} | ${(cpu2 - cpu1).toFixed(0)} |`);
      }
    }
  }
}

// Start the worker thread (tsx registration and module loading) before timing anything.
const startWall = performance.now();
const startCpu = cpuMs();
const warmUp = await observations(250, 99);
await createGpTrainer({ worker: true }).fit(
  warmUp.map((o) => space.parameters.map((p) => o.point[p.name])), warmUp.map((o) => o.value), createRandom(1),
);
console.log(`worker start-up + one cold fit of 250 points: ${(performance.now() - startWall).toFixed(0)} ms wall, ${(cpuMs() - startCpu).toFixed(0)} ms CPU`);
console.log(`GP ${JSON.stringify(gpOptions)}, EI, q = 1, 7-D constrained toy, ${availableParallelism()} cores, ${repeats} repeats x (1 cold + ${warmSteps} warm asks)`);
console.log(`load average at start: ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);

const rows: string[][] = [];
for (const n of sizes) {
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  const plannerWith = (prior: Awaited<ReturnType<typeof observations>>, seed: number) => createPlanner({
    space,
    objective: { name: objective.name, direction: objective.direction },
    policy: 'ei',
    surrogate: { kind: 'gp', ...gpOptions },
    initialDesign: { sampler: 'lhs', count: 9 },
    seed,
    prior,
  });
  for (let r = 0; r < repeats; r++) {
    const prior = await observations(n, 1000 * n + r);
    // Cold: a new planner's first ask on n points.
    cold.push((await timedAsk(plannerWith(prior, r + 1))).sample);
    // Warm: start warmSteps points short; each timed fit on n - warmSteps + 1, ..., n points starts from the one before.
    const planner = plannerWith(prior.slice(0, n - warmSteps), r + 1);
    let { condition } = await timedAsk(planner);
    for (let w = 0; w < warmSteps; w++) {
      planner.tell({ id: condition.id, value: await evaluate(numericRecord(condition.point)) });
      const next = await timedAsk(planner);
      warm.push(next.sample);
      condition = next.condition;
    }
  }
  for (const [label, samples] of [['cold', cold], ['warm', warm]] as const) {
    if (samples.length === 0) continue;
    rows.push([
      String(n), label, String(median(samples.map((s) => s.basis))), String(median(samples.map((s) => s.evaluations))),
      ...[median(samples.map((s) => s.fitWall)), median(samples.map((s) => s.fitCpu)), median(samples.map((s) => s.totalWall)), median(samples.map((s) => s.totalCpu))].map((v) => v.toFixed(0)),
    ]);
  }
  console.log(`n = ${n} done (load average ${loadavg()[0].toFixed(1)})`);
}
await closeGpWorkers();

const header = ['n', 'fit', 'basis', 'likelihood evals', 'fit wall ms', 'fit CPU ms', 'fit + ask wall ms', 'fit + ask CPU ms'];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`load average at end: ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
